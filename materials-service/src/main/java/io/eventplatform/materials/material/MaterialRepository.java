package io.eventplatform.materials.material;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.EventLookup;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.ItemTrace;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.PendingDeletionItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Material metadata, the per-event material index, pending uploads, and the event and
 * registration items materials-service reads, all in the shared table. Every write that must
 * not race is conditional; reads that decide access are strongly consistent.
 */
@ApplicationScoped
public class MaterialRepository {

    private static final String MATERIAL_IDS = "material_ids";
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public MaterialRepository(DynamoDbClient dynamoDb, TableConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = config.name();
    }

    public boolean eventExists(String eventId) {
        return !EventLookup.find(dynamoDb, table, eventId, false).isEmpty();
    }

    /** The registration a ticket names, read strongly consistent: access follows the latest check-in. */
    public Optional<RegistrationItem> findRegistration(String registrationId, String eventId) {
        var response = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ItemKeys.registration(registrationId, eventId)));
        return response.hasItem() && ItemType.REGISTRATION.value().equals(itemType(response.item()))
                ? Optional.of(RegistrationItem.from(response.item()))
                : Optional.empty();
    }

    public Optional<MaterialItem> find(String eventId, String materialId) {
        var response = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ItemKeys.material(materialId, eventId)));
        return response.hasItem() ? Optional.of(MaterialItem.from(response.item())) : Optional.empty();
    }

    /** Every material of an event, deleted ones included, through the event's material index. */
    public List<MaterialItem> listForEvent(String eventId) {
        var index = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true).key(ItemKeys.materialIndex(eventId)));
        if (!index.hasItem() || !index.item().containsKey(MATERIAL_IDS)) {
            return List.of();
        }
        List<String> ids = index.item().get(MATERIAL_IDS).ss();
        List<MaterialItem> materials = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + BATCH_GET_LIMIT))
                    .stream().map(id -> ItemKeys.material(id, eventId)).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamoDb.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table, List.of()).forEach(item -> materials.add(MaterialItem.from(item)));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return materials;
    }

    /**
     * Writes a new material and lists it in its event's index, in one transaction; with
     * {@code consumedUploadId}, the pending upload it came from is deleted in the same transaction
     * (and must still exist).
     */
    public void create(MaterialItem material, String consumedUploadId) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(ItemTrace.withCurrent(material.toItem()))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", TableSchema.REGISTRATION_ID))).build());
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(ItemKeys.materialIndex(material.eventId()))
                .updateExpression("ADD #ids :id SET #type = :type")
                .expressionAttributeNames(Map.of("#ids", MATERIAL_IDS, "#type", TableSchema.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(material.materialId())),
                        ":type", AttributeValue.fromS(ItemType.MATERIAL_INDEX.value())))).build());
        addUploadConsumption(writes, consumedUploadId, material.eventId());
        transact(writes, "material " + material.materialId() + " already exists or its upload was confirmed already");
    }

    /**
     * Replaces a material's item if it still holds {@code expectedVersion}; with
     * {@code consumedUploadId}, consumes that pending upload in the same transaction, and with
     * {@code deletion}, records that pending deletion in it too (the outbox rule: the change and
     * the deletion it makes necessary are written together or not at all).
     */
    public void update(MaterialItem material, long expectedVersion, String consumedUploadId,
            PendingDeletionItem deletion) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(ItemTrace.withCurrent(material.toItem()))
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#version", MaterialItem.VERSION))
                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion)))))
                .build());
        addUploadConsumption(writes, consumedUploadId, material.eventId());
        if (deletion != null) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(deletion.toItem())).build());
        }
        transact(writes, "material " + material.materialId() + " changed meanwhile");
    }

    public void savePendingUpload(PendingUpload upload) {
        dynamoDb.putItem(r -> r.tableName(table).item(upload.toItem()));
    }

    public Optional<PendingUpload> findPendingUpload(String eventId, String uploadId) {
        var response = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ItemKeys.upload(uploadId, eventId)));
        return response.hasItem() ? Optional.of(PendingUpload.from(response.item())) : Optional.empty();
    }

    public void deletePendingUpload(String eventId, String uploadId) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(ItemKeys.upload(uploadId, eventId)));
    }

    private void addUploadConsumption(List<TransactWriteItem> writes, String uploadId, String eventId) {
        if (uploadId != null) {
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(ItemKeys.upload(uploadId, eventId))
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", TableSchema.REGISTRATION_ID))).build());
        }
    }

    private void transact(List<TransactWriteItem> writes, String conflict) {
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new WriteConflictException(conflict);
        }
    }

    private static String itemType(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSchema.ITEM_TYPE);
        return type == null ? null : type.s();
    }
}
