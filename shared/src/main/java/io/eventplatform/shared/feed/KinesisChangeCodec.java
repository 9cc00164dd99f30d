package io.eventplatform.shared.feed;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place that knows the record format of the table's Kinesis streaming destination: a JSON
 * envelope ({@code awsRegion}, {@code eventID}, {@code eventName}, {@code recordFormat},
 * {@code tableName}, {@code eventSource}, {@code dynamodb}) whose {@code dynamodb} member holds
 * {@code ApproximateCreationDateTime}, {@code Keys}, {@code NewImage}, {@code OldImage} and
 * {@code SizeBytes}, the images in DynamoDB JSON ({@code {"S": "..."}}, {@code {"N": "..."}}, ...).
 * Unlike DynamoDB Streams records these carry no sequence number of their own (the Kinesis record's
 * is per shard) and may repeat.
 */
public final class KinesisChangeCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * ApproximateCreationDateTime is epoch milliseconds, or microseconds when the destination is set
     * to MICROSECOND precision: no millisecond time before the year 5138 reaches this value.
     */
    private static final long MICROSECONDS_FROM = 100_000_000_000_000L;

    private KinesisChangeCodec() {
    }

    /** Parses one Kinesis record's data; {@link IllegalArgumentException} if it is not a DynamoDB change. */
    public static KinesisChange decode(byte[] data) {
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("Kinesis record is not JSON: " + e.getMessage(), e);
        }
        JsonNode dynamodb = root == null ? null : root.get("dynamodb");
        if (dynamodb == null || !dynamodb.isObject()) {
            throw new IllegalArgumentException("Kinesis record has no dynamodb member");
        }
        JsonNode created = dynamodb.get("ApproximateCreationDateTime");
        Instant changedAt = created == null || !created.canConvertToLong() ? null : creationTime(created.asLong());
        ItemChange change = new ItemChange(item(dynamodb.get("OldImage")), item(dynamodb.get("NewImage")), changedAt);
        return new KinesisChange(text(root, "eventID"), text(root, "eventName"), text(root, "tableName"),
                item(dynamodb.get("Keys")), change);
    }

    /**
     * Writes a change as the streaming destination would (MICROSECOND precision). Tests feed a
     * Kinesis server with it, so that what the source reads is made from real item codecs.
     */
    public static byte[] encode(String region, KinesisChange record) {
        ObjectNode root = NODES.objectNode();
        root.put("awsRegion", region);
        root.put("eventID", record.eventId() == null ? UUID.randomUUID().toString() : record.eventId());
        root.put("eventName", record.eventName());
        root.putNull("userIdentity");
        root.put("recordFormat", "application/json");
        root.put("tableName", record.tableName());
        root.put("eventSource", "aws:dynamodb");
        ObjectNode dynamodb = root.putObject("dynamodb");
        Instant at = record.change().changedAt();
        if (at != null) {
            dynamodb.put("ApproximateCreationDateTime", at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
        }
        dynamodb.set("Keys", json(record.keys()));
        if (!record.change().newImage().isEmpty()) {
            dynamodb.set("NewImage", json(record.change().newImage()));
        }
        if (!record.change().oldImage().isEmpty()) {
            dynamodb.set("OldImage", json(record.change().oldImage()));
        }
        try {
            byte[] withoutSize = JSON.writeValueAsBytes(root);
            dynamodb.put("SizeBytes", withoutSize.length);
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("could not write a change record", e);
        }
    }

    private static Instant creationTime(long value) {
        if (value >= MICROSECONDS_FROM) {
            return Instant.ofEpochSecond(value / 1_000_000L, (value % 1_000_000L) * 1_000L);
        }
        return Instant.ofEpochMilli(value);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, AttributeValue> item(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            item.put(field.getKey(), value(field.getValue()));
        }
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("not a DynamoDB JSON value: " + node);
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("unknown DynamoDB JSON type " + typed.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.asText()));
        return values;
    }

    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    private static ObjectNode json(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> strings(node.putArray("SS"), value.ss());
            case NS -> strings(node.putArray("NS"), value.ns());
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            case M -> node.set("M", json(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(json(element)));
            }
            default -> throw new IllegalArgumentException("attribute of unknown type: " + value);
        }
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
