package io.eventplatform.stack.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends hostile requests to every operation of a service's live OpenAPI document, for a bounded
 * time, and holds each answer to the platform's rules: never a 5xx; every refusal RFC 9457
 * problem+json with {@code type}, {@code title} and the answer's {@code status}; a refused write
 * changes nothing in the table.
 */
public final class ApiFuzzer {

    /** One operation of the document. */
    record Operation(String method, String path, JsonNode spec) {

        boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Past Vert.x's limits (request line 4,096 bytes, headers 8 KiB) the HTTP codec answers a bare
     * 414/431 before any service code runs (docs/security.md#hostile-input): stay below them.
     */
    private static final int MAX_PARAMETER_LENGTH = 1_000;
    private static final int MAX_URI_LENGTH = 3_500;
    private static final String[] CONTENT_TYPES = { "application/pdf", "text/plain", "application/x-msdownload",
        "////", "application/json; charset=latin1", "multipart/form-data; boundary=x", "" };

    private final URI base;
    private final HostileInput input;
    private final Map<String, String> validParameters;
    private final String bearer;
    private final LongSupplier tableItems;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param base the service's base URI (its public port)
     * @param validParameters values that exist (an event id, ...) by parameter name, used half the time so
     *        requests get past the lookups
     * @param bearer a JWT that may call every operation (an organizer's)
     * @param tableItems how many items the table holds now
     */
    public ApiFuzzer(URI base, HostileInput input, Map<String, String> validParameters, String bearer,
            LongSupplier tableItems) {
        this.base = base;
        this.input = input;
        this.validParameters = validParameters;
        this.bearer = bearer;
        this.tableItems = tableItems;
    }

    /** The operations of the live document at {@code documentPath}. */
    public List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue()));
            }
        }));
        return operations;
    }

    public JsonNode document(String documentPath) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(documentPath + "?format=json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Runs until the budget is spent; every operation gets cases in turn. */
    public FuzzReport run(String subject, long seed, String documentPath, Duration budget)
            throws IOException, InterruptedException {
        JsonNode document = document(documentPath);
        Map<String, JsonNode> components = new HashMap<>();
        document.path("components").path("schemas").fields().forEachRemaining(e -> components.put(e.getKey(), e.getValue()));
        List<Operation> operations = operations(document);
        if (operations.isEmpty()) {
            throw new IllegalStateException("no operations in " + documentPath);
        }
        FuzzReport report = new FuzzReport(subject + ", " + operations.size() + " operations", seed);
        long deadline = System.nanoTime() + budget.toNanos();
        int caseNumber = 0;
        while (System.nanoTime() < deadline) {
            Operation operation = operations.get(caseNumber % operations.size());
            HostileInput.Kind kind = input.kind();
            runCase(report, ++caseNumber, operation, kind, components);
        }
        return report;
    }

    private void runCase(FuzzReport report, int caseNumber, Operation operation, HostileInput.Kind kind,
            Map<String, JsonNode> components) throws InterruptedException {
        FuzzReport.Tally tally = report.tally(kind);
        tally.tried++;
        HttpRequest request;
        try {
            request = request(operation, kind, components);
        } catch (IllegalArgumentException unsendable) {
            // The JDK client will not send it (an illegal URI or header): nothing to learn.
            tally.tried--;
            return;
        }
        long before = operation.writes() ? tableItems.getAsLong() : 0;
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // The server may close a connection on a body it refuses early (413); that is a refusal, not a fault.
            tally.refused++;
            return;
        }
        String sent = request.uri().getRawPath();
        String what = operation.method() + " " + operation.path() + " as " + (sent.length() > 120
                ? sent.substring(0, 120) + "… (" + sent.length() + " chars)" : sent) + " → " + response.statusCode();
        int status = response.statusCode();
        if (status >= 500) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            report.fail(kind, caseNumber, what + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            return;
        }
        if (status < 400) {
            tally.accepted++;
            return;
        }
        tally.refused++;
        String problem = problemFault(response);
        if (problem != null) {
            report.fail(kind, caseNumber, what + ": " + problem);
        }
        if (operation.writes()) {
            tally.writeChecks++;
            long after = tableItems.getAsLong();
            if (after != before) {
                report.fail(kind, caseNumber, what + ": refused, but the table went from " + before + " to " + after + " items");
            }
        }
    }

    /** Why a refusal is not proper problem+json, or null. */
    static String problemFault(HttpResponse<byte[]> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/problem+json")) {
            return "Content-Type " + contentType + ", body " + new String(response.body(), StandardCharsets.UTF_8);
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (!problem.path("type").isTextual() || !problem.path("title").isTextual()
                    || problem.path("status").asInt() != response.statusCode()) {
                return "problem without type/title/status: " + problem;
            }
            return null;
        } catch (IOException e) {
            return "problem+json that is not JSON";
        }
    }

    private HttpRequest request(Operation operation, HostileInput.Kind kind, Map<String, JsonNode> components) {
        // One part of the request is hostile; the rest is as valid as the generator can make it.
        int target = input.random().nextInt(3); // 0 path, 1 query/headers, 2 body
        boolean hasBody = operation.spec().has("requestBody");
        if (target == 2 && !hasBody) {
            target = input.random().nextInt(2);
        }
        String path = operation.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new HashMap<>();
        for (JsonNode parameter : operation.spec().path("parameters")) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            String valid = validParameters.containsKey(name) ? validParameters.get(name)
                    : input.value(parameter.path("schema"), components, 0).asText();
            boolean hostile = in.equals("path") ? target == 0 : target == 1 && input.random().nextBoolean();
            String value = hostile ? input.parameter(kind, valid) : valid;
            String encoded = encode(value, kind);
            if (encoded.length() > MAX_PARAMETER_LENGTH) {
                encoded = encoded.substring(0, MAX_PARAMETER_LENGTH).replaceAll("%[0-9A-Fa-f]?$", "");
            }
            switch (in) {
                case "path" -> path = path.replace("{" + name + "}", encoded);
                case "query" -> {
                    if (hostile || parameter.path("required").asBoolean() || input.random().nextBoolean()) {
                        query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(encoded);
                    }
                }
                case "header" -> headers.put(name, value.length() > MAX_PARAMETER_LENGTH
                        ? value.substring(0, MAX_PARAMETER_LENGTH) : value);
                default -> {
                }
            }
        }
        String uri = path + query;
        if (uri.length() > MAX_URI_LENGTH) {
            uri = path.length() > MAX_URI_LENGTH ? path.substring(0, MAX_URI_LENGTH) : path;
            uri = uri.replaceAll("%[0-9A-Fa-f]?$", "");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + uri))
                .timeout(Duration.ofSeconds(30));
        if (input.random().nextInt(10) > 0) {
            builder.header("Authorization", "Bearer " + bearer);
        } else {
            builder.header("Authorization", "Bearer " + safeHeader(capped(input.parameter(kind, bearer))));
        }
        if (operation.spec().path("security").toString().contains("ticket")) {
            builder.header("X-Ticket", safeHeader(capped(input.parameter(kind, "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"))));
        }
        headers.forEach((name, value) -> builder.header(name, safeHeader(value)));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (hasBody) {
            JsonNode content = operation.spec().path("requestBody").path("content");
            String mediaType = content.fieldNames().hasNext() ? content.fieldNames().next() : "application/json";
            byte[] bytes;
            String contentType;
            if (mediaType.contains("json")) {
                bytes = input.body(target == 2 ? kind : HostileInput.Kind.RANDOM_VALUES,
                        content.path(mediaType).path("schema"), components);
                contentType = input.random().nextInt(8) > 0 ? "application/json"
                        : CONTENT_TYPES[input.random().nextInt(CONTENT_TYPES.length)];
            } else {
                bytes = new byte[kind == HostileInput.Kind.HUGE_STRINGS ? 200_000 : input.random().nextInt(4_096)];
                input.random().nextBytes(bytes);
                contentType = CONTENT_TYPES[input.random().nextInt(CONTENT_TYPES.length)];
            }
            if (!contentType.isEmpty()) {
                builder.header("Content-Type", contentType);
            }
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
        }
        return builder.method(operation.method(), body).build();
    }

    private static String capped(String value) {
        return value.length() > MAX_PARAMETER_LENGTH ? value.substring(0, MAX_PARAMETER_LENGTH) : value;
    }

    /** Percent-encoded, except that invalid UTF-8 stays as the raw escapes it is made of. */
    private static String encode(String value, HostileInput.Kind kind) {
        if (kind == HostileInput.Kind.INVALID_UTF8 && value.startsWith("%")) {
            return value;
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Header values the JDK client accepts: no control characters (those never reach a server anyway). */
    private static String safeHeader(String value) {
        return value.replaceAll("[\\x00-\\x1f\\x7f]", "?").replaceAll("[^\\x20-\\x7e]", "?");
    }
}
