package io.eventplatform.shared.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.eventplatform.shared.config.TableConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Ready only while the shared table answers and is ACTIVE: the ALB stops routing otherwise. */
@Readiness
@ApplicationScoped
public class TableReadinessCheck implements HealthCheck {

    private final DynamoDbClient dynamoDb;
    private final TableConfig config;

    public TableReadinessCheck(DynamoDbClient dynamoDb, TableConfig config) {
        this.dynamoDb = dynamoDb;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var health = HealthCheckResponse.named("dynamodb-table").withData("table", config.name());
        try {
            TableStatus status = dynamoDb.describeTable(r -> r.tableName(config.name())).table().tableStatus();
            return health.status(status == TableStatus.ACTIVE).withData("status", status.toString()).build();
        } catch (SdkException e) {
            return health.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
