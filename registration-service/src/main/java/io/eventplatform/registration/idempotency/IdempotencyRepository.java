package io.eventplatform.registration.idempotency;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Idempotency items {@code (IDEMPOTENCY#<scope>#<key>, range)}: request hash and the answer given. */
@ApplicationScoped
public class IdempotencyRepository {

    static final String REQUEST_HASH = "request_hash";
    static final String RESPONSE_STATUS = "response_status";
    static final String RESPONSE_BODY = "response_body";

    /** A remembered answer. */
    public record StoredAnswer(String requestHash, int status, String body) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public IdempotencyRepository(DynamoDbClient dynamoDb, TableConfig tableConfig) {
        this.dynamoDb = dynamoDb;
        this.table = tableConfig.name();
    }

    public Optional<StoredAnswer> find(IdempotentRequest request) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(request))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Attributes a = Attributes.of(item);
        return Optional.of(new StoredAnswer(a.string(REQUEST_HASH), (int) a.number(RESPONSE_STATUS, 200),
                a.string(RESPONSE_BODY)));
    }

    /** The transaction item that stores the answer, refused if the key was used meanwhile. */
    public TransactWriteItem put(IdempotencyRecord record) {
        Map<String, AttributeValue> item = Attributes.writer()
                .value(TableSchema.REGISTRATION_ID, key(record.request()).get(TableSchema.REGISTRATION_ID))
                .string(TableSchema.EVENT_ID, record.request().range())
                .string(TableSchema.ITEM_TYPE, ItemType.IDEMPOTENCY.value())
                .string(REQUEST_HASH, record.request().requestHash())
                .number(RESPONSE_STATUS, (long) record.status())
                .string(RESPONSE_BODY, record.body())
                .number(TableSchema.TTL, record.expiresAt().getEpochSecond())
                .build();
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + TableSchema.REGISTRATION_ID + ")")).build();
    }

    private static Map<String, AttributeValue> key(IdempotentRequest request) {
        return ItemKeys.key(ItemKeys.IDEMPOTENCY_PREFIX + request.scope() + "#" + request.key(), request.range());
    }
}
