package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.ItemTrace;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** With tracing on, publishing a material stores the publishing request's trace context on its item, for check-in's delivery. */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(StackTestResource.class)
class TracingTests {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void publishingStoresThePublishingRequestsTraceContextOnTheMaterial() throws InterruptedException {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(2048, 7), "public");
        SpanContext uploaded = stored(materialId, eventId);
        publish(eventId, materialId);
        SpanContext published = stored(materialId, eventId);
        assertNotEquals(uploaded.getTraceId(), published.getTraceId(), "the publication is its own request's trace");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (spans.getFinishedSpanItems().stream().noneMatch(span -> span.getKind() == SpanKind.SERVER
                && span.getTraceId().equals(published.getTraceId()) && span.getSpanId().equals(published.getSpanId()))) {
            assertTrue(System.nanoTime() < deadline, "the publishing request's span is exported");
            Thread.sleep(50);
        }
    }

    private static SpanContext stored(String materialId, String eventId) {
        Map<String, AttributeValue> item = StackTestResource.stack().dynamoDb().getItem(r -> r
                .tableName(TableSchema.DEFAULT_TABLE_NAME).key(ItemKeys.material(materialId, eventId))
                .consistentRead(true)).item();
        AttributeValue traceParent = item.get(ItemTrace.TRACE_PARENT);
        assertNotNull(traceParent, "the material carries trace_parent: " + item.keySet());
        SpanContext context = ItemTrace.parse(traceParent.s());
        assertNotNull(context);
        return context;
    }
}
