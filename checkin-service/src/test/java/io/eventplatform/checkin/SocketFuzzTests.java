package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.eventplatform.stack.ServiceFuzzTests;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.fuzz.FuzzReport;
import io.eventplatform.stack.fuzz.HostileInput;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Hostile messages on the kiosk socket and hostile resume parameters on the dashboard socket,
 * seeded and bounded ({@code -Dfuzz.seed}, {@code -Dfuzz.seconds}). A recoverable message (any
 * text within the 16 KiB limit) gets exactly one answer and the socket stays open; a message over
 * the limit is closed with 1009, as the protocol says, never 1011; invalid UTF-8 gets 1007 or an
 * {@code error}; no
 * kiosk message writes anything (none carries a genuine ticket); the service serves the next
 * client as before.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SocketFuzzTests {

    private static final int MAX_MESSAGE = 16_384;
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void kioskSocketAnswersEveryHostileMessageAndStaysOpen() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 20) / 2);
        HostileInput input = new HostileInput(new Random(seed));
        FuzzReport report = new FuzzReport("kiosk socket", seed);
        String eventId = Fixtures.event("Socket fuzz");
        String token = Fixtures.kioskToken(eventId, "north");
        long itemsBefore = ServiceFuzzTests.tableItems();
        SocketClient kiosk = open(eventId, token);
        long deadline = System.nanoTime() + budget.toNanos();
        for (int caseNumber = 1; System.nanoTime() < deadline; caseNumber++) {
            HostileInput.Kind kind = input.kind();
            String message = input.message(kind, validCommand(input, caseNumber));
            FuzzReport.Tally tally = report.tally(kind);
            tally.tried++;
            boolean tooBig = message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE;
            kiosk.inbox.clear();
            try {
                kiosk.send(message);
            } catch (RuntimeException unsendable) {
                // The JDK client refuses to encode it (a lone surrogate): nothing reached the server.
                tally.tried--;
                if (kiosk.closed.isDone()) {
                    kiosk = open(eventId, token);
                }
                continue;
            }
            if (tooBig) {
                int code = kiosk.closed.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
                tally.refused++;
                if (code != 1009) {
                    report.fail(kind, caseNumber, "message of " + message.length() + " chars closed with " + code);
                }
                kiosk = open(eventId, token);
                continue;
            }
            JsonNode answer = kiosk.inbox.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            while (answer != null && "counts".equals(answer.path("type").asText())) {
                answer = kiosk.inbox.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (answer == null || kiosk.closed.isDone()) {
                report.fail(kind, caseNumber, "no answer (closed: " + kiosk.closed.getNow(null) + ") to "
                        + abbreviated(message));
                kiosk = open(eventId, token);
                continue;
            }
            String answerType = answer.path("type").asText();
            if (answerType.equals("error")) {
                tally.refused++;
                JsonNode problem = answer.path("problem");
                if (!problem.path("type").isTextual() || !problem.path("title").isTextual()
                        || problem.path("status").asInt() < 400 || problem.path("status").asInt() >= 500) {
                    report.fail(kind, caseNumber, "error without a 4xx problem: " + answer);
                }
            } else if (answerType.equals("scan_result") || answerType.equals("sync_result")) {
                tally.accepted++;
            } else {
                report.fail(kind, caseNumber, "unexpected answer " + answer);
            }
        }
        kiosk.close();
        int rawCases = rawFrames(eventId, token, input, report);
        System.out.println(report.table() + "raw-frame cases: " + rawCases);
        assertEquals(List.of(), report.failures(), report.table());
        assertTrue(report.tried() > 50, "too few cases: " + report.tried());
        assertEquals(itemsBefore, ServiceFuzzTests.tableItems(), "hostile kiosk messages wrote nothing");
        // And the service goes on serving kiosks.
        try (SocketClient after = open(eventId, token)) {
            after.send(SocketTestSupport.scan("after-fuzz", "not-a-ticket", "entry"));
            assertEquals("invalid_ticket", after.next(type("scan_result"), ANSWER).path("result").path("outcome").asText());
        }
    }

    @Test
    void dashboardSocketServesASnapshotWhateverTheResumeParameters() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        HostileInput input = new HostileInput(new Random(seed));
        FuzzReport report = new FuzzReport("dashboard socket resume parameters", seed);
        String eventId = Fixtures.event("Dashboard fuzz");
        String staff = Fixtures.staffToken();
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("fuzz.seconds", 20) / 4).toNanos();
        for (int caseNumber = 1; System.nanoTime() < deadline; caseNumber++) {
            HostileInput.Kind kind = input.kind();
            String epoch = input.parameter(kind, "e-1");
            String since = input.parameter(kind, "12");
            String query = "?epoch=" + encode(epoch, 1500) + "&since=" + encode(since, 1500);
            report.tally(kind).tried++;
            try (SocketClient dashboard = SocketClient.open(URI.create(SocketTestSupport.dashboard(eventId) + query), staff)) {
                JsonNode first = dashboard.next(ANSWER);
                String firstType = first.path("type").asText();
                if (firstType.equals("snapshot") || firstType.equals("resumed")) {
                    report.tally(kind).accepted++;
                } else {
                    report.fail(kind, caseNumber, query + " → " + first);
                }
            } catch (RuntimeException | AssertionError e) {
                report.fail(kind, caseNumber, abbreviated(query) + " → " + e);
            }
        }
        System.out.println(report.table());
        assertEquals(List.of(), report.failures(), report.table());
    }

    /** Encoded and cut below the HTTP codec's request-line limit (4,096 bytes, both parameters together). */
    private static String encode(String value, int max) {
        String encoded = value.startsWith("%") ? value : java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        return encoded.length() > max ? encoded.substring(0, max).replaceAll("%[0-9A-Fa-f]?$", "") : encoded;
    }

    /** A scan or sync as the kiosk protocol defines it, with random (never genuine) tickets. */
    private static ObjectNode validCommand(HostileInput input, int caseNumber) {
        ObjectNode command = NODES.objectNode();
        if (input.random().nextInt(4) == 0) {
            command.put("type", "sync").put("requestId", "sync-" + caseNumber);
            var scans = command.putArray("scans");
            for (int i = input.random().nextInt(5) + 1; i > 0; i--) {
                scans.addObject().put("requestId", "q-" + caseNumber + "-" + i).put("ticket", "eyJ" + input.word(40))
                        .put("direction", input.random().nextBoolean() ? "entry" : "exit")
                        .put("scannedAt", java.time.Instant.now().minusSeconds(input.random().nextInt(3600)).toString());
            }
        } else {
            command.put("type", "scan").put("requestId", "k-" + caseNumber).put("ticket", "eyJ" + input.word(60))
                    .put("direction", input.random().nextBoolean() ? "entry" : "exit");
        }
        return command;
    }

    private static SocketClient open(String eventId, String token) throws InterruptedException {
        SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), token);
        kiosk.next(type("welcome"), ANSWER);
        return kiosk;
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "… (" + text.length() + " chars)" : text;
    }

    /**
     * What a library client cannot send: a text frame of invalid UTF-8 (the server must close with
     * 1007), a frame cut off mid-payload and a message whose last fragment never comes (the
     * connection drops); each on its own raw connection.
     */
    private static int rawFrames(String eventId, String token, HostileInput input, FuzzReport report) throws IOException {
        byte[][] invalid = { { (byte) 0xC3, 0x28 }, { (byte) 0xFF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 } };
        int cases = 0;
        for (byte[] bad : invalid) {
            report.tally(HostileInput.Kind.INVALID_UTF8).tried++;
            cases++;
            try (RawSocket raw = RawSocket.open(eventId, token)) {
                byte[] json = ("{\"type\":\"scan\",\"requestId\":\"raw\",\"ticket\":\"x").getBytes(StandardCharsets.UTF_8);
                byte[] payload = new byte[json.length + bad.length + 2];
                System.arraycopy(json, 0, payload, 0, json.length);
                System.arraycopy(bad, 0, payload, json.length, bad.length);
                payload[payload.length - 2] = '"';
                payload[payload.length - 1] = '}';
                raw.frame(0x1, payload, true, payload.length);
                // Either the protocol's answer (close 1007) or, decoded with replacement characters, the
                // answer to a malformed command on a socket that stays open; never a server fault.
                String answer = raw.firstAnswer();
                report.tally(HostileInput.Kind.INVALID_UTF8).refused++;
                if (!answer.equals("close 1007") && !answer.contains("\"type\":\"error\"")
                        && !answer.contains("\"type\":\"scan_result\"")) {
                    report.fail(HostileInput.Kind.INVALID_UTF8, cases, "invalid UTF-8 frame answered with " + answer);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            report.tally(HostileInput.Kind.TRUNCATED).tried++;
            cases++;
            try (RawSocket raw = RawSocket.open(eventId, token)) {
                byte[] payload = SocketTestSupport.scan("raw-" + i, "x", "entry").getBytes(StandardCharsets.UTF_8);
                if (i == 0) {
                    raw.frame(0x1, payload, true, payload.length + 100); // declares more than it sends
                } else {
                    raw.frame(0x1, java.util.Arrays.copyOf(payload, payload.length / 2), false, payload.length / 2);
                }
            }
            report.tally(HostileInput.Kind.TRUNCATED).refused++;
        }
        return cases;
    }

    /** A WebSocket client written by hand, to send frames no library would. */
    private static final class RawSocket implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;
        private final Random masks = new Random(1);

        private RawSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(socket.getInputStream());
        }

        static RawSocket open(String eventId, String token) throws IOException {
            Socket socket = new Socket("localhost", RestAssured.port);
            socket.setSoTimeout(10_000);
            RawSocket raw = new RawSocket(socket);
            raw.out.write(("GET /ws/checkin/kiosk/" + eventId + " HTTP/1.1\r\nHost: localhost:" + RestAssured.port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) raw.in.readUnsignedByte());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            return raw;
        }

        /** A masked frame; {@code declared} may claim more bytes than the payload has. */
        void frame(int opcode, byte[] payload, boolean fin, int declared) throws IOException {
            out.write((fin ? 0x80 : 0) | opcode);
            if (declared < 126) {
                out.write(0x80 | declared);
            } else {
                out.write(0x80 | 126);
                out.write(declared >> 8);
                out.write(declared & 0xff);
            }
            byte[] mask = new byte[4];
            masks.nextBytes(mask);
            out.write(mask);
            byte[] masked = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                masked[i] = (byte) (payload[i] ^ mask[i % 4]);
            }
            out.write(masked);
            out.flush();
        }

        /** The server's first answer (a text message other than welcome and counts), or {@code close <code>}. */
        String firstAnswer() throws IOException {
            List<Integer> seen = new ArrayList<>();
            while (true) {
                int first = in.readUnsignedByte();
                int length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = (int) in.readLong();
                }
                byte[] payload = in.readNBytes(length);
                int opcode = first & 0x0f;
                seen.add(opcode);
                if (opcode == 0x8) {
                    return "close " + (payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005);
                }
                String text = new String(payload, StandardCharsets.UTF_8);
                if (opcode == 0x1 && !text.contains("\"type\":\"welcome\"") && !text.contains("\"type\":\"counts\"")) {
                    return text;
                }
                assertFalse(seen.size() > 100, "no answer, only frames " + seen);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
