package io.eventplatform.shared.table;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The one table every service shares (ARCHITECTURE.md "The table"): its key, attribute and index
 * names, and the request that creates it. {@code deploy/contract/table-schema.json} mirrors this
 * class for Terraform; {@code TableSchemaContractTest} keeps the two equal.
 */
public final class TableSchema {

    /** Project name used when none is configured; the table is {@code <project>-registrations}. */
    public static final String DEFAULT_PROJECT_NAME = "event-management";
    public static final String TABLE_SUFFIX = "-registrations";
    public static final String DEFAULT_TABLE_NAME = DEFAULT_PROJECT_NAME + TABLE_SUFFIX;

    // Keys
    public static final String REGISTRATION_ID = "registration_id";
    public static final String EVENT_ID = "event_id";

    // Attributes the GSIs index; only registration items carry them, so the indexes stay sparse.
    public static final String ATTENDEE_EMAIL = "attendee_email";
    public static final String CHECK_IN_STATUS = "check_in_status";
    public static final String REGISTRATION_DATE = "registration_date";

    // Attributes of the notification sweep's index; only unsettled notifications carry them.
    /** One of {@link #NOTIFICATION_QUEUES} queues, so no single index partition takes every notification. */
    public static final String NOTIFICATION_QUEUE = "notification_queue";
    /** When the notification is next due, fixed-width ISO-8601 UTC. */
    public static final String NOTIFICATION_DUE = "notification_due";
    /** How many queues unsettled notifications are spread over. */
    public static final int NOTIFICATION_QUEUES = 8;

    /** Tells the kinds of item in the single table apart. */
    public static final String ITEM_TYPE = "item_type";
    /** Epoch seconds after which DynamoDB may delete the item. */
    public static final String TTL = "ttl";

    public static final String EMAIL_INDEX = "EmailIndex";
    public static final String CHECK_IN_STATUS_INDEX = "CheckInStatusIndex";
    public static final String REGISTRATION_DATE_INDEX = "RegistrationDateIndex";
    /** Sparse: unsettled notifications by queue and due time, what the sender's sweep reads. */
    public static final String NOTIFICATION_DUE_INDEX = "NotificationDueIndex";

    public static final StreamViewType STREAM_VIEW_TYPE = StreamViewType.NEW_AND_OLD_IMAGES;

    /** One global secondary index: its name and key attributes (all project ALL). */
    public record Index(String name, String hashKey, String rangeKey) {
    }

    public static final List<Index> INDEXES = List.of(
            new Index(EMAIL_INDEX, ATTENDEE_EMAIL, EVENT_ID),
            new Index(CHECK_IN_STATUS_INDEX, EVENT_ID, CHECK_IN_STATUS),
            new Index(REGISTRATION_DATE_INDEX, EVENT_ID, REGISTRATION_DATE),
            new Index(NOTIFICATION_DUE_INDEX, NOTIFICATION_QUEUE, NOTIFICATION_DUE));

    /** Every attribute that appears in a key of the table or an index; all strings. */
    public static final List<String> KEY_ATTRIBUTES = List.of(
            REGISTRATION_ID, EVENT_ID, ATTENDEE_EMAIL, CHECK_IN_STATUS, REGISTRATION_DATE, NOTIFICATION_QUEUE,
            NOTIFICATION_DUE);

    private TableSchema() {
    }

    /** The table name for a project, as Terraform names it. */
    public static String tableName(String projectName) {
        return projectName + TABLE_SUFFIX;
    }

    /** Creates the table as ARCHITECTURE.md fixes it: keys, GSIs and stream (TTL is a separate call). */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(REGISTRATION_ID, KeyType.HASH), key(EVENT_ID, KeyType.RANGE))
                .attributeDefinitions(KEY_ATTRIBUTES.stream()
                        .map(name -> AttributeDefinition.builder()
                                .attributeName(name).attributeType(ScalarAttributeType.S).build())
                        .toList())
                .globalSecondaryIndexes(INDEXES.stream()
                        .map(index -> GlobalSecondaryIndex.builder()
                                .indexName(index.name())
                                .keySchema(key(index.hashKey(), KeyType.HASH), key(index.rangeKey(), KeyType.RANGE))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                .build())
                        .toList())
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(STREAM_VIEW_TYPE).build())
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
