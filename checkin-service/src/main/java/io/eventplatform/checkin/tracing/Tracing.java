package io.eventplatform.checkin.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The spans check-in makes itself (HTTP requests are traced by Quarkus): one per kiosk socket
 * command, from the frame to its answer, and one per change the feed delivers to live sockets,
 * continuing the trace of the request that wrote the change. With tracing off
 * ({@code quarkus.otel.sdk.disabled=true}, the local default) neither is started: the work runs
 * as it is, without even an empty span.
 */
@ApplicationScoped
public class Tracing {

    /** Span of one kiosk socket command (scan or sync), from its frame to its answer being queued. */
    public static final String KIOSK_COMMAND = "kiosk command";
    /** Span of one table change handed to live state: dashboard and kiosk fan-out. */
    public static final String FEED_DELIVERY = "change feed delivery";
    /** Span attribute: the event a span works for. */
    public static final String EVENT_ID = "event_platform.event_id";
    /** Span attribute: from the table's change (its stream record) to its delivery, in milliseconds. */
    public static final String FEED_LAG_MILLIS = "event_platform.feed.lag_ms";

    private final Tracer tracer;
    private final boolean enabled;

    public Tracing(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean sdkDisabled) {
        this.tracer = tracer;
        this.enabled = !sdkDisabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Handles a kiosk command inside its span; with tracing off, just handles it. */
    public <T> T kioskCommand(String eventId, Supplier<T> handling) {
        if (!enabled) {
            return handling.get();
        }
        Span span = tracer.spanBuilder(KIOSK_COMMAND).setSpanKind(SpanKind.SERVER).setNoParent()
                .setAttribute(EVENT_ID, eventId).startSpan();
        return inside(span, handling);
    }

    /**
     * Delivers one change inside a span whose parent is the context its writer stored on the item:
     * the change has exactly one cause, so the delivery continues that request's trace (register →
     * stream → dashboards in one trace) rather than only linking to it.
     */
    public void delivery(SpanContext writer, String eventId, Instant changedAt, Runnable delivering) {
        Span span = tracer.spanBuilder(FEED_DELIVERY).setSpanKind(SpanKind.CONSUMER)
                .setParent(Context.root().with(Span.wrap(writer)))
                .setAttribute(EVENT_ID, eventId)
                .setAttribute(FEED_LAG_MILLIS, changedAt == null ? -1
                        : Math.max(0, Duration.between(changedAt, Instant.now()).toMillis()))
                .startSpan();
        inside(span, () -> {
            delivering.run();
            return null;
        });
    }

    private static <T> T inside(Span span, Supplier<T> work) {
        try (Scope scope = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
