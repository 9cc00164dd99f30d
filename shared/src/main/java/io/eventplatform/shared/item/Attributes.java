package io.eventplatform.shared.item;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reading and writing item attributes with one set of conventions: absent means null, instants
 * are fixed-width ISO-8601 UTC strings (so they sort as text), numbers are DynamoDB numbers.
 */
public final class Attributes {

    /** Fixed width with milliseconds: lexical order is time order, which the date index relies on. */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Map<String, AttributeValue> item;

    private Attributes(Map<String, AttributeValue> item) {
        this.item = item;
    }

    /** A reader over a stored item (or stream image). */
    public static Attributes of(Map<String, AttributeValue> item) {
        return new Attributes(item);
    }

    /** A builder for a new item. */
    public static Writer writer() {
        return new Writer();
    }

    public static String formatInstant(Instant instant) {
        return INSTANT.format(instant);
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(formatInstant(value));
    }

    public String string(String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public String requiredString(String name) {
        String value = string(name);
        if (value == null) {
            throw new IllegalArgumentException("item has no " + name);
        }
        return value;
    }

    public Long number(String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    public long number(String name, long fallback) {
        Long value = number(name);
        return value == null ? fallback : value;
    }

    public boolean bool(String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public Instant instant(String name) {
        String value = string(name);
        return value == null ? null : Instant.parse(value);
    }

    public List<String> strings(String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }

    public Map<String, AttributeValue> map(String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? Map.of() : value.m();
    }

    public List<Map<String, AttributeValue>> maps(String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().filter(AttributeValue::hasM).map(AttributeValue::m).toList();
    }

    /** Builds an item, leaving out nulls (DynamoDB stores no null-valued strings). */
    public static final class Writer {

        private final Map<String, AttributeValue> item = new HashMap<>();

        private Writer() {
        }

        public Writer string(String name, String value) {
            if (value != null) {
                item.put(name, s(value));
            }
            return this;
        }

        public Writer number(String name, Long value) {
            if (value != null) {
                item.put(name, n(value));
            }
            return this;
        }

        public Writer bool(String name, boolean value) {
            item.put(name, AttributeValue.fromBool(value));
            return this;
        }

        public Writer instant(String name, Instant value) {
            if (value != null) {
                item.put(name, Attributes.instant(value));
            }
            return this;
        }

        public Writer strings(String name, List<String> values) {
            if (values != null) {
                item.put(name, AttributeValue.fromL(values.stream().map(Attributes::s).toList()));
            }
            return this;
        }

        public Writer value(String name, AttributeValue value) {
            if (value != null) {
                item.put(name, value);
            }
            return this;
        }

        public Map<String, AttributeValue> build() {
            return Map.copyOf(item);
        }
    }
}
