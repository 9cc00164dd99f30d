package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.TokenMinter;
import io.vertx.core.json.JsonObject;

/**
 * The gateway stands in for the ALB (and CloudFront for {@code /static/}): what a service says
 * reaches the client unchanged. One platform from the packaged jars; the same requests and sockets
 * go through the gateway and straight to the service, and their answers are compared. The last
 * test stops checkin-service with sockets open, as a rolling instance refresh does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFidelityIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();
    /** Headers whose values a client acts on; Date and the like may differ. */
    private static final List<String> HEADERS_THAT_MATTER = List.of("content-type", "www-authenticate", "location",
            "allow", "retry-after", "cache-control", "etag", "content-disposition", "vary");

    private static Path dataDir;
    private static LocalPlatform.Options options;
    private static LocalPlatform platform;
    private static String gateway;
    private static String organizer;
    private static String staff;
    private static String eventId;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("platform-fidelity-");
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> {
            servicePorts.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        });
        options = new LocalPlatform.Options(HOME, dataDir, Gateway.LOOPBACK, 0, Ports.free(), Ports.free(),
                servicePorts, managementPorts);
        platform = LocalPlatform.start(options);
        gateway = "127.0.0.1:" + platform.gatewayPort();
        organizer = platform.stack().tokens().mint(Roles.ORGANIZER, null);
        staff = platform.stack().tokens().mint(Roles.STAFF, null);
        eventId = new JsonObject(send("POST", "http://" + gateway + "/api/registration/events", organizer,
                "application/json", """
                        {"name":"Fidelity","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                         "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":10,"waitlistEnabled":false,
                         "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                        """.getBytes(StandardCharsets.UTF_8)).body()).getString("id");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        EmbeddedStack.wipe(dataDir);
    }

    private static String direct(String service) {
        return "127.0.0.1:" + options.servicePorts().get(service);
    }

    private static HttpResponse<String> send(String method, String url, String bearer, String contentType,
            byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void anUploadThroughTheGatewayIsLocatedOnTheGateway() throws Exception {
        HttpResponse<String> created = send("POST", "http://" + gateway + "/api/materials/events/" + eventId
                + "/materials?fileName=floor.pdf&title=Floor%20plan&visibility=attendees", organizer, "application/pdf",
                "%PDF-1.4 floor plan".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, created.statusCode(), created.body());
        String materialId = new JsonObject(created.body()).getString("materialId");
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals("http://" + gateway + "/api/materials/events/" + eventId + "/materials/" + materialId, location);
        assertEquals(200, send("GET", location, organizer, null, null).statusCode(), "the Location answers");
    }

    /** Each pair: method, path (and what it sends); the same request direct and through the gateway. */
    @Test
    @Order(2)
    void requestsThroughTheGatewayAnswerExactlyAsTheServiceDoes() throws Exception {
        record Exchange(String service, String method, String path, String bearer, String contentType, String body) {
        }
        String badJson = "{\"name\": ";
        List<Exchange> exchanges = List.of(
                new Exchange("registration-service", "GET", "/api/registration/caller", null, null, null),
                new Exchange("registration-service", "GET", "/api/registration/caller", organizer, null, null),
                new Exchange("registration-service", "GET", "/api/registration/caller", "not.a.jwt", null, null),
                new Exchange("registration-service", "GET", "/api/registration/events/no-such-event", organizer, null,
                        null),
                new Exchange("registration-service", "POST", "/api/registration/events", organizer,
                        "application/json", badJson),
                new Exchange("registration-service", "POST", "/api/registration/events", organizer, "text/plain", "x"),
                new Exchange("registration-service", "GET", "/api/registration/swagger-ui", null, null, null),
                new Exchange("checkin-service", "GET", "/api/checkin/caller", null, null, null),
                new Exchange("checkin-service", "GET", "/api/checkin/caller", staff, null, null),
                new Exchange("checkin-service", "DELETE", "/api/checkin/caller", staff, null, null),
                new Exchange("checkin-service", "GET", "/dashboard/", null, null, null),
                new Exchange("checkin-service", "GET", "/api/checkin/no-such-path", staff, null, null),
                new Exchange("materials-service", "GET", "/api/materials/events/" + eventId + "/materials",
                        organizer, null, null),
                new Exchange("materials-service", "GET", "/api/materials/events/" + eventId + "/materials", null,
                        null, null),
                new Exchange("materials-service", "POST", "/api/materials/events/" + eventId + "/uploads",
                        organizer, "application/json", badJson));
        for (Exchange exchange : exchanges) {
            byte[] body = exchange.body() == null ? null : exchange.body().getBytes(StandardCharsets.UTF_8);
            String what = exchange.method() + " " + exchange.path() + (exchange.bearer() == null ? "" : " (token)");
            HttpResponse<String> straight = send(exchange.method(), "http://" + direct(exchange.service())
                    + exchange.path(), exchange.bearer(), exchange.contentType(), body);
            HttpResponse<String> proxied = send(exchange.method(), "http://" + gateway + exchange.path(),
                    exchange.bearer(), exchange.contentType(), body);
            assertEquals(straight.statusCode(), proxied.statusCode(), what);
            for (String header : HEADERS_THAT_MATTER) {
                assertEquals(straight.headers().allValues(header), proxied.headers().allValues(header),
                        what + ": " + header);
            }
            assertEquals(straight.body(), proxied.body(), what);
        }
    }

    @Test
    @Order(3)
    void refusedUpgradesReachTheClientWithTheServicesStatusHeadersAndBody() throws Exception {
        String kiosk = platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                .withGate("north"));
        String unknownEventKiosk = platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK,
                "no-such-event").withGate("north"));
        String checkin = direct("checkin-service");
        List<String[]> refusals = List.of(
                new String[] { "/ws/checkin/kiosk/no-such-event", unknownEventKiosk },
                new String[] { "/ws/checkin/kiosk/" + eventId, null },
                new String[] { "/ws/checkin/kiosk/" + eventId, "not.a.jwt" },
                new String[] { "/ws/checkin/kiosk/" + eventId, staff },
                new String[] { "/ws/checkin/kiosk/another-event", kiosk },
                new String[] { "/ws/checkin/dashboard/" + eventId, null },
                new String[] { "/ws/checkin/dashboard/" + eventId, "not.a.jwt" },
                new String[] { "/ws/checkin/dashboard/" + eventId, kiosk });
        for (String[] refusal : refusals) {
            RawAnswer straight = rawUpgrade(checkin, refusal[0], refusal[1]);
            RawAnswer proxied = rawUpgrade(gateway, refusal[0], refusal[1]);
            String what = refusal[0] + (refusal[1] == null ? " without a token" : " with a token");
            assertFalse(straight.statusLine().contains(" 101 "), what + " was not refused: " + straight.statusLine());
            assertEquals(straight.statusLine(), proxied.statusLine(), what);
            for (String header : HEADERS_THAT_MATTER) {
                assertEquals(straight.header(header), proxied.header(header), what + ": " + header);
            }
            assertEquals(straight.body(), proxied.body(), what);
        }
        assertEquals(Optional.of("Bearer"), rawUpgrade(gateway, "/ws/checkin/kiosk/" + eventId, null)
                .header("www-authenticate"), "a refused upgrade keeps WWW-Authenticate through the gateway");
    }

    @Test
    @Order(4)
    void socketsThroughTheGatewayAreClosedWithTheServicesCodeAndReason() throws Exception {
        String kiosk = platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                .withGate("north"));
        String tooBig = "x".repeat(20_000);
        record Closing(String path, String bearer, String send) {
        }
        List<Closing> closings = List.of(
                new Closing("/ws/checkin/dashboard/" + eventId, staff, "hello"), // 1003: dashboards only listen
                new Closing("/ws/checkin/dashboard/" + eventId, staff, tooBig), // 1009
                new Closing("/ws/checkin/kiosk/" + eventId, kiosk, tooBig), // 1009
                new Closing("/ws/checkin/dashboard/" + eventId, null, null)); // 1008 at the token's exp
        for (Closing closing : closings) {
            // A token of its own for each socket, so the one that expires does so after opening.
            String straight = closeOf(direct("checkin-service"), closing.path(), bearer(closing.bearer()), closing.send());
            String proxied = closeOf(gateway, closing.path(), bearer(closing.bearer()), closing.send());
            assertFalse(straight.startsWith("1006"), closing.path() + " closed without a code: " + straight);
            assertEquals(straight, proxied, closing.path() + " sending " + (closing.send() == null ? "nothing"
                    : closing.send().length() + " characters"));
        }
    }

    @Test
    @Order(5)
    void aMissingPublishedFileIsProblemJson404AndAPresentOneIsServedByteForByte() throws Exception {
        HttpResponse<String> missing = send("GET", "http://" + gateway + "/static/events/" + eventId
                + "/no-such-file.pdf", null, null, null);
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("content-type").orElseThrow());
        JsonObject problem = new JsonObject(missing.body());
        assertEquals("https://eventplatform.dev/problems/not-found", problem.getString("type"));
        assertEquals("/static/events/" + eventId + "/no-such-file.pdf", problem.getString("instance"));
        HttpResponse<String> head = send("HEAD", "http://" + gateway + "/static/events/" + eventId + "/gone.pdf",
                null, null, null);
        assertEquals(404, head.statusCode());
        assertEquals("application/problem+json", head.headers().firstValue("content-type").orElseThrow());

        byte[] agenda = "%PDF-1.4 public agenda".getBytes(StandardCharsets.UTF_8);
        String materialId = new JsonObject(send("POST", "http://" + gateway + "/api/materials/events/" + eventId
                + "/materials?fileName=agenda.pdf&title=Agenda&visibility=public", organizer, "application/pdf",
                agenda).body()).getString("materialId");
        assertEquals(200, send("POST", "http://" + gateway + "/api/materials/events/" + eventId + "/materials/"
                + materialId + "/publish", organizer, null, null).statusCode());
        JsonObject link = new JsonObject(send("GET", "http://" + gateway + "/api/materials/events/" + eventId
                + "/materials/" + materialId + "/download", null, null, null).body());
        assertEquals("cdn", link.getString("via"), link.encode());
        HttpResponse<byte[]> served = CLIENT.send(HttpRequest.newBuilder(URI.create(link.getString("url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertArrayEquals(agenda, served.body());
    }

    /** {@code given}, or a staff token that expires in a few seconds (its socket then closes with 1008). */
    private static String bearer(String given) {
        return given != null ? given : platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.STAFF,
                null).withLifetime(java.time.Duration.ofSeconds(4)));
    }

    /** Runs last: checkin-service goes away as in a rolling instance refresh, the gateway stays. */
    @Test
    @Order(6)
    void whenCheckinServiceStopsEverySocketGets1001ThroughTheGatewayWithinSeconds() throws Exception {
        String kiosk = platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                .withGate("north"));
        List<CompletableFuture<String>> closes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            closes.add(openAndAwaitFirstMessage(gateway, "/ws/checkin/dashboard/" + eventId, staff));
        }
        closes.add(openAndAwaitFirstMessage(direct("checkin-service"), "/ws/checkin/dashboard/" + eventId, staff));
        closes.add(openAndAwaitFirstMessage(gateway, "/ws/checkin/kiosk/" + eventId, kiosk));
        ChildProcess checkin = platform.processes().stream().filter(p -> p.name().equals("checkin-service"))
                .findFirst().orElseThrow();

        long started = System.nanoTime();
        checkin.stop(30_000); // SIGTERM, then waits for the exit
        double seconds = (System.nanoTime() - started) / 1e9;

        assertFalse(checkin.isAlive());
        for (CompletableFuture<String> close : closes) {
            assertEquals("1001 server shutting down", close.get(5, TimeUnit.SECONDS));
        }
        System.out.printf("checkin-service stopped with %d sockets open in %.1f s%n", closes.size(), seconds);
        // Before, draining waited its whole 25 s timeout once any socket had been open.
        assertTrue(seconds < 10, "stopped in " + seconds + " s");
    }

    /** Opens a socket, waits for its first message, and completes with "code reason" once it closes. */
    private static CompletableFuture<String> openAndAwaitFirstMessage(String hostAndPort, String path, String bearer)
            throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        CompletableFuture<Void> first = new CompletableFuture<>();
        WebSocket socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + bearer)
                .buildAsync(URI.create("ws://" + hostAndPort + path), listener(first, closed)).get(10, TimeUnit.SECONDS);
        if (path.contains("/kiosk/")) {
            socket.sendText(new JsonObject().put("type", "scan").put("requestId", "r-" + System.nanoTime())
                    .put("ticket", "not-a-ticket").put("direction", "entry").encode(), true);
        }
        first.get(10, TimeUnit.SECONDS);
        return closed;
    }

    /** "code reason" of the close of a socket that sends {@code text} (if any) once open. */
    private static String closeOf(String hostAndPort, String path, String bearer, String text) throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + bearer)
                .buildAsync(URI.create("ws://" + hostAndPort + path), listener(new CompletableFuture<>(), closed))
                .get(10, TimeUnit.SECONDS);
        if (text != null) {
            socket.sendText(text, true);
        }
        return closed.get(20, TimeUnit.SECONDS);
    }

    private static WebSocket.Listener listener(CompletableFuture<Void> first, CompletableFuture<String> closed) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                first.complete(null);
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closed.complete("1006 " + error);
            }
        };
    }

    /** A response read off the wire: the status line, headers (lower-case names) and body. */
    private record RawAnswer(String statusLine, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** An upgrade request sent byte for byte, so the test sees exactly what came back. */
    private static RawAnswer rawUpgrade(String hostAndPort, String path, String bearer) throws IOException {
        String[] address = hostAndPort.split(":");
        try (Socket socket = new Socket(address[0], Integer.parseInt(address[1]))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostAndPort + "\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.write(next);
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawAnswer(lines[0], headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }
}
