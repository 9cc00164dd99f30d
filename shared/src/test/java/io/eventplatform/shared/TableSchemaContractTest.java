package io.eventplatform.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** deploy/contract/table-schema.json (what Terraform builds) says exactly what TableSchema says. */
class TableSchemaContractTest {

    private final JsonNode contract = read();

    private static JsonNode read() {
        try (InputStream in = TableSchemaContractTest.class.getResourceAsStream("/contract/table-schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tableNameAndKeysMatch() {
        assertEquals(TableSchema.DEFAULT_TABLE_NAME,
                contract.get("default_project_name").asText() + contract.get("table_suffix").asText());
        assertEquals(TableSchema.REGISTRATION_ID, contract.get("hash_key").asText());
        assertEquals(TableSchema.EVENT_ID, contract.get("range_key").asText());
        assertEquals(TableSchema.TTL, contract.get("ttl_attribute").asText());
        assertEquals(TableSchema.STREAM_VIEW_TYPE.toString(), contract.get("stream_view_type").asText());
        assertEquals(true, contract.get("point_in_time_recovery").asBoolean());
    }

    @Test
    void attributeDefinitionsMatch() {
        Map<String, String> expected = new TreeMap<>();
        TableSchema.KEY_ATTRIBUTES.forEach(name -> expected.put(name, "S"));
        Map<String, String> actual = new TreeMap<>();
        contract.get("attributes").fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
        assertEquals(expected, actual);
    }

    @Test
    void itemTypesMatch() {
        List<String> fromContract = new ArrayList<>();
        contract.get("item_types").forEach(type -> fromContract.add(type.asText()));
        assertEquals(java.util.Arrays.stream(io.eventplatform.shared.table.ItemType.values())
                .map(io.eventplatform.shared.table.ItemType::value).toList(), fromContract);
    }

    @Test
    void indexesMatchInNameKeysAndProjection() {
        List<TableSchema.Index> fromContract = new ArrayList<>();
        for (JsonNode index : contract.get("global_secondary_indexes")) {
            assertEquals("ALL", index.get("projection").asText());
            fromContract.add(new TableSchema.Index(index.get("name").asText(), index.get("hash_key").asText(),
                    index.get("range_key").asText()));
        }
        assertEquals(TableSchema.INDEXES, fromContract);
    }

    @Test
    void createTableRequestBuildsWhatTheContractSays() {
        CreateTableRequest request = TableSchema.createTableRequest("t");
        assertEquals(KeyType.HASH, request.keySchema().get(0).keyType());
        assertEquals(contract.get("hash_key").asText(), request.keySchema().get(0).attributeName());
        assertEquals(contract.get("range_key").asText(), request.keySchema().get(1).attributeName());
        assertEquals(contract.get("global_secondary_indexes").size(), request.globalSecondaryIndexes().size());
        assertEquals(true, request.streamSpecification().streamEnabled());
        assertEquals(contract.get("billing_mode").asText(), request.billingModeAsString());
    }
}
