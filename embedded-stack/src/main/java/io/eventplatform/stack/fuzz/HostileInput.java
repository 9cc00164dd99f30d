package io.eventplatform.stack.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hostile values and bodies from one seeded {@link Random}, so a failing case reproduces from its
 * seed. Each {@link Kind} is one class of input the fuzz reports count separately.
 */
public final class HostileInput {

    /** The classes of hostile input. */
    public enum Kind {
        /** Values of the declared types, random content. */
        RANDOM_VALUES,
        /** Empty, at and past declared lengths and ranges, extreme numbers, odd Unicode. */
        BOUNDARY_VALUES,
        /** A field of the wrong JSON type, a missing required field, an unknown field. */
        WRONG_TYPES,
        /** Strings of 64 KiB to 2 MiB. */
        HUGE_STRINGS,
        /** Arrays and objects nested thousands deep. */
        DEEP_NESTING,
        /** Bytes that are not UTF-8 where text is expected. */
        INVALID_UTF8,
        /** A well-formed body or message cut off. */
        TRUNCATED
    }

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ODD_TEXT = { "", " ", "\u0000", "null", "true", "-1", "0", "1e309", "NaN",
        "../../q/metrics", "%2e%2e%2f", "<script>alert(1)</script>", "' OR '1'='1", "\u202Eevil", "\uD83D\uDE00",
        "\uD800", "a\r\nX-Injected: 1", "${jndi:ldap://x}", "#{7*7}", "\\", "\"", "{}", "[]" };

    private final Random random;

    public HostileInput(Random random) {
        this.random = random;
    }

    public Random random() {
        return random;
    }

    public Kind kind() {
        return Kind.values()[random.nextInt(Kind.values().length)];
    }

    /** A value for a parameter (path, query or header) of this kind. */
    public String parameter(Kind kind, String valid) {
        return switch (kind) {
            case RANDOM_VALUES -> random.nextBoolean() && valid != null ? valid : word(1 + random.nextInt(30));
            case BOUNDARY_VALUES -> ODD_TEXT[random.nextInt(ODD_TEXT.length)];
            case WRONG_TYPES -> random.nextBoolean() ? String.valueOf(random.nextLong()) : "[" + random.nextInt() + "]";
            case HUGE_STRINGS -> "x".repeat(2_000 + random.nextInt(12_000));
            case DEEP_NESTING -> "[".repeat(500 + random.nextInt(2_000));
            case INVALID_UTF8 -> "%C3%28%FF%FE" + word(4);
            case TRUNCATED -> valid != null && valid.length() > 1 ? valid.substring(0, random.nextInt(valid.length())) : "";
        };
    }

    /** A JSON body of this kind for the schema (given as resolved JSON Schema), as bytes. */
    public byte[] body(Kind kind, JsonNode schema, Map<String, JsonNode> components) {
        JsonNode valid = value(schema, components, 0);
        return switch (kind) {
            case RANDOM_VALUES -> bytes(valid);
            case BOUNDARY_VALUES -> bytes(mutate(valid, () -> boundary()));
            case WRONG_TYPES -> bytes(wrongTypes(valid, schema, components));
            case HUGE_STRINGS -> bytes(mutate(valid, () -> NODES.textNode("h".repeat(65_536 << random.nextInt(6)))));
            case DEEP_NESTING -> deepNesting(valid);
            case INVALID_UTF8 -> invalidUtf8(valid);
            case TRUNCATED -> {
                byte[] whole = bytes(valid);
                yield java.util.Arrays.copyOf(whole, whole.length <= 1 ? 0 : random.nextInt(whole.length - 1));
            }
        };
    }

    /** A message for a socket: the valid one, turned into this kind. */
    public String message(Kind kind, ObjectNode valid) {
        return switch (kind) {
            case RANDOM_VALUES -> valid.toString();
            case BOUNDARY_VALUES -> mutate(valid, this::boundary).toString();
            case WRONG_TYPES -> wrongTypes(valid, null, Map.of()).toString();
            case HUGE_STRINGS -> mutate(valid, () -> NODES.textNode("h".repeat(1_000 + random.nextInt(30_000)))).toString();
            case DEEP_NESTING -> new String(deepNesting(valid), StandardCharsets.UTF_8);
            // A socket's text frames are UTF-8 by protocol: lone surrogates are what a client can get wrong.
            case INVALID_UTF8 -> valid.toString().replaceFirst("\"([^\"]*)\"", "\"\uD800$1\uDFFF\\\\ud800\"");
            case TRUNCATED -> {
                String whole = valid.toString();
                yield whole.substring(0, random.nextInt(whole.length()));
            }
        };
    }

    /** A value satisfying the schema as far as this generator knows it. */
    JsonNode value(JsonNode schema, Map<String, JsonNode> components, int depth) {
        if (schema == null || depth > 6) {
            return NODES.textNode(word(5));
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return value(components.get(ref.substring(ref.lastIndexOf('/') + 1)), components, depth + 1);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                return value(schema.get(combinator).get(random.nextInt(schema.get(combinator).size())), components, depth + 1);
            }
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        if (schema.has("example") && random.nextInt(3) == 0) {
            return schema.get("example");
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(property -> {
                    if (random.nextInt(4) > 0) {
                        object.set(property.getKey(), value(property.getValue(), components, depth + 1));
                    }
                });
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(schema.get("items"), components, depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode((long) random.nextInt(schema.path("maximum").asInt(1000) + 1));
            case "number" -> NODES.numberNode(random.nextDouble() * 1000);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.textNode(text(schema));
        };
    }

    private String text(JsonNode schema) {
        String format = schema.path("format").asText("");
        return switch (format) {
            case "email" -> word(6) + "@example.org";
            case "date-time" -> "2026-11-22T09:31:02.120Z";
            case "date" -> "2026-11-22";
            case "uri" -> "https://example.org/" + word(4);
            default -> word(1 + random.nextInt(Math.max(1, Math.min(40, schema.path("maxLength").asInt(40)))));
        };
    }

    private JsonNode boundary() {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.numberNode(Long.MAX_VALUE);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 3 -> NODES.numberNode(new java.math.BigInteger("9".repeat(60)));
            case 4 -> NODES.textNode("a".repeat(255 + random.nextInt(3)));
            case 5 -> NODES.numberNode(-0.0);
            case 6 -> NODES.nullNode();
            default -> NODES.textNode(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
        };
    }

    private JsonNode wrongTypes(JsonNode valid, JsonNode schema, Map<String, JsonNode> components) {
        if (!valid.isObject() || random.nextInt(5) == 0) {
            return wrongTypeFor(valid);
        }
        ObjectNode object = ((ObjectNode) valid).deepCopy();
        switch (random.nextInt(3)) {
            case 0 -> {
                List<String> names = fieldNames(object);
                if (!names.isEmpty()) {
                    object.remove(names.get(random.nextInt(names.size())));
                }
            }
            case 1 -> object.put("unexpected" + random.nextInt(10), word(5));
            default -> {
                List<String> names = fieldNames(object);
                if (!names.isEmpty()) {
                    String name = names.get(random.nextInt(names.size()));
                    object.set(name, wrongTypeFor(object.get(name)));
                }
            }
        }
        return object;
    }

    private JsonNode wrongTypeFor(JsonNode value) {
        List<JsonNode> others = new ArrayList<>(List.of(NODES.textNode(word(3)), NODES.numberNode(random.nextInt()),
                NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode().add(1), NODES.objectNode().put("a", 1)));
        others.removeIf(other -> other.getNodeType() == value.getNodeType());
        return others.get(random.nextInt(others.size()));
    }

    /** The value with one field (anywhere) replaced, or the value itself replaced if it has none. */
    private JsonNode mutate(JsonNode valid, java.util.function.Supplier<JsonNode> replacement) {
        if (!valid.isObject() || valid.isEmpty()) {
            return replacement.get();
        }
        ObjectNode copy = ((ObjectNode) valid).deepCopy();
        List<String> names = fieldNames(copy);
        String name = names.get(random.nextInt(names.size()));
        JsonNode inner = copy.get(name);
        copy.set(name, inner.isObject() && !inner.isEmpty() && random.nextBoolean() ? mutate(inner, replacement)
                : replacement.get());
        return copy;
    }

    private byte[] deepNesting(JsonNode valid) {
        int depth = 1_000 + random.nextInt(20_000);
        boolean arrays = random.nextBoolean();
        String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
        if (valid.isObject() && !valid.isEmpty()) {
            String name = fieldNames(valid).get(0);
            ObjectNode copy = ((ObjectNode) valid).deepCopy();
            copy.put(name, "§");
            return copy.toString().replace("\"§\"", nested).getBytes(StandardCharsets.UTF_8);
        }
        return nested.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8(JsonNode valid) {
        byte[] whole = bytes(valid.isObject() && !valid.isEmpty() ? mutate(valid, () -> NODES.textNode("§")) : NODES.textNode("§"));
        String text = new String(whole, StandardCharsets.UTF_8);
        int at = text.indexOf('§');
        byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = text.substring(at + 1).getBytes(StandardCharsets.UTF_8);
        byte[][] invalid = { { (byte) 0xC3, 0x28 }, { (byte) 0xFF, (byte) 0xFE }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
            { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 } };
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] result = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        System.arraycopy(bad, 0, result, prefix.length, bad.length);
        System.arraycopy(suffix, 0, result, prefix.length + bad.length, suffix.length);
        return result;
    }

    public String word(int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    static byte[] bytes(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
