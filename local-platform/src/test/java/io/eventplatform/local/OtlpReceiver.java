package io.eventplatform.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace receiver, as a collector is one: services export to it with
 * {@code http/protobuf}, and it keeps every span it decoded.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One exported span, ids in lower-case hex as W3C writes them; parent empty for a root. */
    record ReceivedSpan(String service, String name, String traceId, String spanId, String parentSpanId,
            Span.SpanKind kind) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() throws IOException {
        OtlpReceiver receiver = new OtlpReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        receiver.server.createContext("/", receiver::export);
        receiver.server.start();
        return receiver;
    }

    /** What a service's {@code quarkus.otel.exporter.otlp.traces.endpoint} is set to. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            List<ReceivedSpan> received = new ArrayList<>();
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream()
                        .filter(attribute -> attribute.getKey().equals("service.name")).map(KeyValue::getValue)
                        .map(value -> value.getStringValue()).findFirst().orElse("");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        received.add(new ReceivedSpan(service, span.getName(), hex(span.getTraceId().toByteArray()),
                                hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()),
                                span.getKind()));
                    }
                }
            }
            synchronized (spans) {
                spans.addAll(received);
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
