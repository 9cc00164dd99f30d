package io.eventplatform.shared.json;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every instant a service writes as JSON (REST answers and WebSocket messages alike) has at most
 * millisecond precision, as the docs show it: {@code 2026-11-22T09:31:02.120Z}, or
 * {@code 2026-11-22T09:31:02Z} on a whole second (ISO-8601 as {@link Instant#toString()} writes it).
 * Clocks tick in nanoseconds here and in microseconds on some hosts; clients need neither.
 */
@Singleton
public class MillisecondInstants implements ObjectMapperCustomizer {

    /** Last, after Quarkus's own customizers: the module registered last decides how an {@link Instant} is written. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("millisecond-instants").addSerializer(Instant.class, new Serializer()));
    }

    /** Writes an instant truncated to milliseconds. */
    static final class Serializer extends StdSerializer<Instant> {

        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }
}
