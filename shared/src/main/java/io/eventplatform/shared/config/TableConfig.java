package io.eventplatform.shared.config;

import io.eventplatform.shared.table.TableSchema;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The shared table every service reads and writes. */
@ConfigMapping(prefix = "table")
public interface TableConfig {

    /** Name of the shared DynamoDB table ({@code TABLE_NAME}); Terraform names it {@code <project>-registrations}. */
    @WithDefault(TableSchema.DEFAULT_TABLE_NAME)
    String name();
}
