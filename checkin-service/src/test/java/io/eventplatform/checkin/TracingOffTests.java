package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemTrace;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tracing is off by default: a kiosk scan checks in as always, stores no trace context and exports nothing. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class TracingOffTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void withTracingOffAScanWritesNoTraceContext() throws Exception {
        String eventId = Fixtures.event("Untraced scans");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId),
                Fixtures.kioskToken(eventId, "north"))) {
            kiosk.next(type("welcome"), WAIT);
            kiosk.send(SocketTestSupport.scan("untraced-1", Fixtures.ticket(ada), "entry"));
            assertEquals("checked_in", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
        }
        Map<String, AttributeValue> item = Fixtures.item(ada.registrationId(), eventId);
        assertTrue(item.containsKey(RegistrationItem.CHECKED_IN_AT), "the scan checked in");
        assertFalse(item.containsKey(ItemTrace.TRACE_PARENT), "no trace_parent with tracing off: " + item.keySet());
        assertTrue(spans.getFinishedSpanItems().isEmpty(), "nothing exported with tracing off");
    }
}
