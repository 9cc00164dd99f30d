package io.eventplatform.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

class MillisecondInstantsTests {

    private final ObjectMapper json = new ObjectMapper();

    MillisecondInstantsTests() {
        new MillisecondInstants().customize(json);
    }

    @Test
    void nanosecondInstantsAreWrittenWithMillisecondsAsTheDocsShowThem() throws Exception {
        assertEquals("{\"at\":\"2026-11-22T09:31:02.120Z\"}",
                json.writeValueAsString(Map.of("at", Instant.parse("2026-11-22T09:31:02.120456789Z"))));
    }

    @Test
    void itRunsAfterQuarkusRegisteredItsJavaTimeModule() {
        assertTrue(new MillisecondInstants().priority() < ObjectMapperCustomizer.QUARKUS_CUSTOMIZER_PRIORITY);
    }

    @Test
    void wholeSecondsKeepTheirShortForm() throws Exception {
        assertEquals("\"2026-11-22T09:45:00Z\"", json.writeValueAsString(Instant.parse("2026-11-22T09:45:00.000999Z")));
    }
}
