package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.PREFIX;
import static io.eventplatform.registration.RegistrationApi.person;
import static io.eventplatform.registration.RegistrationApi.publishedEvent;
import static io.eventplatform.registration.RegistrationApi.registered;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.ItemTrace;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * With tracing on, every registration change the feed carries stores the trace context of the
 * request that made it on the item (trace_parent), which is what check-in continues on the other
 * side of the stream; the request's span is exported with that very trace and span id.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(StackTestResource.class)
class TracingTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void registeringAndCancellingEachStoreTheirRequestsTraceContextOnTheItem() {
        String eventId = publishedEvent(10);
        String[] ada = registered(eventId, "Ada Lovelace", "ada.traced@example.org");

        SpanContext registering = storedContext(ada[0], eventId);
        SpanData registerRequest = exportedServerSpan(registering);
        assertEquals("POST", registerRequest.getAttributes().asMap().entrySet().stream()
                .filter(entry -> entry.getKey().getKey().equals("http.request.method"))
                .map(entry -> entry.getValue().toString()).findFirst().orElse(null));

        given().header("X-Ticket", ada[1]).post(PREFIX + "/tickets/me/cancel").then().statusCode(200);
        SpanContext cancelling = storedContext(ada[0], eventId);
        assertNotEquals(registering.getTraceId(), cancelling.getTraceId(), "the cancel is its own request's trace");
        exportedServerSpan(cancelling);
    }

    @Test
    void aCallersTraceIsContinuedIntoTheItem() {
        String eventId = publishedEvent(10);
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String registrationId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                .body(person("Grace Hopper", "grace.traced@example.org"))
                .post(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(201)
                .extract().path("registration.registrationId");

        SpanContext stored = storedContext(registrationId, eventId);
        assertEquals(callerTrace, stored.getTraceId());
        assertEquals("00f067aa0ba902b7", exportedServerSpan(stored).getParentSpanId());
    }

    /** The trace context on the registration's item, as check-in's feed reader reads it. */
    static SpanContext storedContext(String registrationId, String eventId) {
        Map<String, AttributeValue> item = StackTestResource.stack().dynamoDb().getItem(r -> r
                .tableName(TableSchema.DEFAULT_TABLE_NAME).key(ItemKeys.registration(registrationId, eventId))
                .consistentRead(true)).item();
        AttributeValue traceParent = item.get(ItemTrace.TRACE_PARENT);
        assertNotNull(traceParent, "the item carries trace_parent");
        SpanContext context = ItemTrace.parse(traceParent.s());
        assertNotNull(context, "trace_parent is a valid W3C traceparent: " + traceParent.s());
        return context;
    }

    /** The server span the context names, once exported: the item's context is the request's own span. */
    private SpanData exportedServerSpan(SpanContext context) {
        return await().atMost(WAIT).until(() -> find(context), Optional::isPresent).orElseThrow();
    }

    private Optional<SpanData> find(SpanContext context) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(context.getTraceId())
                        && span.getSpanId().equals(context.getSpanId()) && span.getKind() == SpanKind.SERVER)
                .findFirst();
    }
}
