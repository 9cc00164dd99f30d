package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventplatform.checkin.tracing.Tracing;
import io.eventplatform.shared.item.ItemTrace;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.stack.StackTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * With tracing on, a change reaches dashboards in the trace of the request that wrote it, across
 * the real stream of DynamoDB Local: the writer's context rides on the item (trace_parent, as
 * registration-service stores it) and the delivery span is its child. A kiosk scan is one trace
 * from its frame through its ack to the fan-out of the check-in it made.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(StackTestResource.class)
class TracingTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey(Tracing.EVENT_ID);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void registrationWrittenInATraceIsDeliveredToDashboardsInThatTrace() throws Exception {
        String eventId = Fixtures.event("Traced registrations");
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken())) {
            dashboard.next(type("snapshot"), WAIT);
            String traceId = "0af7651916cd43dd8448eb211c80319c";
            String registerSpanId = "b7ad6b7169203331";
            RegistrationItem ada = Fixtures.registration(eventId, "Ada Lovelace", RegistrationStatus.CONFIRMED);
            Map<String, AttributeValue> item = new HashMap<>(ada.toItem());
            item.put(ItemTrace.TRACE_PARENT, AttributeValue.fromS("00-" + traceId + "-" + registerSpanId + "-01"));
            Fixtures.stack().dynamoDb().putItem(r -> r.tableName(Fixtures.table()).item(item));
            JsonNode created = dashboard.next(m -> "registration_created".equals(m.path("kind").asText()), WAIT);
            assertEquals(ada.registrationId(), created.path("registrationId").asText());

            SpanData delivery = awaitSpan(span -> Tracing.FEED_DELIVERY.equals(span.getName())
                    && eventId.equals(span.getAttributes().get(EVENT_ID)));
            assertEquals(traceId, delivery.getTraceId(), "delivery continues the registration's trace");
            assertEquals(registerSpanId, delivery.getParentSpanId(), "as a child of the span that wrote the item");
            assertEquals(SpanKind.CONSUMER, delivery.getKind());

            // A change written without a context (tracing off at its writer) is delivered, untraced.
            RegistrationItem grace = Fixtures.register(eventId, "Grace Hopper");
            JsonNode second = dashboard.next(m -> "registration_created".equals(m.path("kind").asText())
                    && grace.registrationId().equals(m.path("registrationId").asText()), WAIT);
            assertEquals(2, second.path("counts").path("registered").asInt());
            assertEquals(1, deliveriesOf(eventId).size(), "only the traced change has a delivery span");
        }
    }

    @Test
    void kioskScanIsOneTraceFromFrameToAckAndFanOut() throws Exception {
        String eventId = Fixtures.event("Traced scans");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken());
                SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId),
                        Fixtures.kioskToken(eventId, "north"))) {
            dashboard.next(type("snapshot"), WAIT);
            kiosk.next(type("welcome"), WAIT);
            kiosk.send(SocketTestSupport.scan("traced-1", Fixtures.ticket(ada), "entry"));
            assertEquals("checked_in", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
            dashboard.next(m -> "checked_in".equals(m.path("kind").asText()), WAIT);

            SpanData command = awaitSpan(span -> Tracing.KIOSK_COMMAND.equals(span.getName())
                    && eventId.equals(span.getAttributes().get(EVENT_ID)));
            assertEquals(SpanKind.SERVER, command.getKind());
            assertFalse(command.getParentSpanContext().isValid(), "a kiosk frame starts its own trace");
            SpanContext stored = ItemTrace.parse(Fixtures.item(ada.registrationId(), eventId)
                    .get(ItemTrace.TRACE_PARENT).s());
            assertEquals(command.getTraceId(), stored.getTraceId(), "the check-in stored the scan's context");
            assertEquals(command.getSpanId(), stored.getSpanId());

            SpanData delivery = awaitSpan(span -> Tracing.FEED_DELIVERY.equals(span.getName())
                    && command.getTraceId().equals(span.getTraceId()));
            assertEquals(command.getSpanId(), delivery.getParentSpanId(), "fan-out is a child of the scan");
            assertTrue(delivery.getStartEpochNanos() > command.getStartEpochNanos(), "delivered after the frame came");
        }
    }

    private List<SpanData> deliveriesOf(String eventId) {
        return spans.getFinishedSpanItems().stream().filter(span -> Tracing.FEED_DELIVERY.equals(span.getName())
                && eventId.equals(span.getAttributes().get(EVENT_ID))).toList();
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> wanted) {
        Optional<SpanData> found = await().atMost(WAIT).until(
                () -> spans.getFinishedSpanItems().stream().filter(wanted).findFirst(), Optional::isPresent);
        assertNotNull(found.orElse(null));
        return found.get();
    }
}
