package io.eventplatform.materials.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where materials are stored. */
@ConfigMapping(prefix = "materials")
public interface MaterialsConfig {

    /** The versioned S3 bucket holding material objects ({@code MATERIALS_BUCKET}). */
    @WithDefault("event-management-materials")
    String bucket();
}
