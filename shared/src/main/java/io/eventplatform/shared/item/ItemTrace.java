package io.eventplatform.shared.item;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The trace context a change carries through the change feed: the writer stores the W3C
 * {@code traceparent} of its current span on the item it changes ({@value #TRACE_PARENT}), and a
 * feed reader continues that trace when it delivers the change. Written only while a span is
 * recording, so with tracing off no item gets the attribute. A change carries a context only if it
 * wrote one: an update that did not set it leaves the previous writer's value, which the new image
 * then shares with the old one (see {@link #writtenBy}).
 */
public final class ItemTrace {

    /** Item attribute: the W3C {@code traceparent} of the request that made the item's latest change. */
    public static final String TRACE_PARENT = "trace_parent";
    private static final String HEADER = "traceparent";

    private static final TextMapGetter<String> TRACE_PARENT_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private ItemTrace() {
    }

    /** The {@code traceparent} of the span current on this thread, or null when none records (tracing off). */
    public static String current() {
        Span span = Span.current();
        if (!span.isRecording()) {
            return null;
        }
        Map<String, String> headers = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return headers.get(HEADER);
    }

    /** The item with the current trace context added (the item itself when tracing is off). */
    public static Map<String, AttributeValue> withCurrent(Map<String, AttributeValue> item) {
        String traceParent = current();
        if (traceParent == null) {
            return item;
        }
        Map<String, AttributeValue> traced = new HashMap<>(item);
        traced.put(TRACE_PARENT, AttributeValue.fromS(traceParent));
        return traced;
    }

    /**
     * The context of the request that made this change, or null when the change wrote none (tracing
     * was off, the value is unreadable, or it is the one the old image already had).
     */
    public static SpanContext writtenBy(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        String written = traceParentOf(newImage);
        if (written == null || Objects.equals(written, traceParentOf(oldImage))) {
            return null;
        }
        return parse(written);
    }

    /** The span context a {@code traceparent} value names, or null when it is not a valid one. */
    public static SpanContext parse(String traceParent) {
        SpanContext context = Span.fromContext(W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), traceParent, TRACE_PARENT_GETTER)).getSpanContext();
        return context.isValid() ? context : null;
    }

    private static String traceParentOf(Map<String, AttributeValue> image) {
        AttributeValue value = image == null ? null : image.get(TRACE_PARENT);
        return value == null ? null : value.s();
    }
}
