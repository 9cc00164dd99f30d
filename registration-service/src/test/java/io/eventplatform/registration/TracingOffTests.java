package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.PREFIX;
import static io.eventplatform.registration.RegistrationApi.person;
import static io.eventplatform.registration.RegistrationApi.publishedEvent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.ItemTrace;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tracing is off by default: even a caller's traceparent leaves no trace context on the item, and nothing is exported. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class TracingOffTests {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void withTracingOffNoTraceContextIsWrittenEvenWhenTheCallerSendsOne() {
        String eventId = publishedEvent(10);
        String registrationId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .body(person("Untraced Person", "untraced@example.org"))
                .post(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(201)
                .extract().path("registration.registrationId");

        Map<String, AttributeValue> item = StackTestResource.stack().dynamoDb().getItem(r -> r
                .tableName(TableSchema.DEFAULT_TABLE_NAME).key(ItemKeys.registration(registrationId, eventId))
                .consistentRead(true)).item();
        assertEquals(registrationId, item.get(TableSchema.REGISTRATION_ID).s());
        assertFalse(item.containsKey(ItemTrace.TRACE_PARENT), "no trace_parent with tracing off: " + item.keySet());
        assertTrue(spans.getFinishedSpanItems().isEmpty(), "nothing exported with tracing off");
    }
}
