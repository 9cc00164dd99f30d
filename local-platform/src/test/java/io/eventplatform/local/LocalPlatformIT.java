package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.StackException;
import io.vertx.core.json.JsonObject;

/**
 * The whole platform as {@code ./platform run} starts it, from the packaged service jars: every
 * service ready behind one gateway port, and nothing left running or bound after it stops.
 */
class LocalPlatformIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();

    private static LocalPlatform.Options options(Path dataDir, int gatewayPort) {
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> servicePorts.put(service, Ports.free()));
        return new LocalPlatform.Options(HOME, dataDir, gatewayPort, Ports.free(), Ports.free(), servicePorts);
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theWholePlatformComesUpBehindOneGatewayAndLeavesNothingBehind() throws Exception {
        Path dataDir = Files.createTempDirectory("platform-it-");
        LocalPlatform.Options options = options(dataDir, Ports.free());
        long started = System.nanoTime();
        List<ChildProcess> processes;
        try (LocalPlatform platform = LocalPlatform.start(options)) {
            System.out.printf("platform ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            int port = platform.gatewayPort();
            processes = platform.processes();
            assertEquals(5, processes.size(), "3 services, DynamoDB Local, the S3 server");

            HttpResponse<String> health = get(port, Gateway.HEALTH_PATH, null);
            assertEquals(200, health.statusCode(), health.body());
            JsonObject services = new JsonObject(health.body()).getJsonObject("services");
            assertEquals(3, services.size());
            services.forEach(entry -> assertEquals("UP", ((JsonObject) entry.getValue()).getString("status"), entry.getKey()));

            for (String prefix : List.of("/api/registration", "/api/checkin", "/api/materials")) {
                HttpResponse<String> swagger = get(port, prefix + "/swagger-ui/", null);
                assertEquals(200, swagger.statusCode(), prefix);
                assertTrue(swagger.body().contains("swagger-ui"), prefix);
                HttpResponse<String> openApi = get(port, prefix + "/openapi?format=json", null);
                assertTrue(new JsonObject(openApi.body()).getJsonObject("paths").containsKey(prefix + "/caller"), prefix);
                String token = platform.stack().tokens().mint(Roles.STAFF, null);
                assertEquals(200, get(port, prefix + "/caller", token).statusCode(), prefix);
                assertEquals(401, get(port, prefix + "/caller", null).statusCode(), prefix);
            }
            HttpResponse<String> unknown = get(port, "/nothing/here", null);
            assertEquals(404, unknown.statusCode());
            assertEquals("application/problem+json", unknown.headers().firstValue("content-type").orElseThrow());
        }
        for (ChildProcess process : processes) {
            assertFalse(process.isAlive(), process.name() + " still running");
        }
        assertFalse(Ports.isListening(options.gatewayPort()), "gateway port still bound");
        assertFalse(Ports.isListening(options.dynamoDbPort()), "DynamoDB Local port still bound");
        assertFalse(Ports.isListening(options.s3Port()), "S3 port still bound");
        options.servicePorts().forEach((service, port) -> assertFalse(Ports.isListening(port), service + " port still bound"));
        EmbeddedStack.wipe(dataDir);
    }

    @Test
    void aGatewayPortInUseIsNamedBeforeAnythingStarts() throws Exception {
        Path dataDir = Files.createTempDirectory("platform-it-busy-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalPlatform.Options options = options(dataDir, taken.getLocalPort());
            StackException failure = assertThrows(StackException.class, () -> LocalPlatform.start(options));
            assertTrue(failure.getMessage().startsWith("Port " + taken.getLocalPort() + " (gateway) is already in use"),
                    failure.getMessage());
            assertFalse(Ports.isListening(options.dynamoDbPort()), "nothing was started");
        }
        EmbeddedStack.wipe(dataDir);
    }
}
