package io.eventplatform.checkin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.Unremovable;

/**
 * The span exporter of the tests: Quarkus exports to every {@code SpanExporter} bean, and tests
 * read back what the service exported (OTLP export is off in tests).
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    @Unremovable
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
