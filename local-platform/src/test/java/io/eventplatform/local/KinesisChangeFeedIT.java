package io.eventplatform.local;

import static io.eventplatform.local.DashboardSocket.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.KinesisServer;
import io.eventplatform.stack.Ports;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * {@code ./platform run --change-feed kinesis --checkin-instances 3}: the table's changes streamed
 * into a local Kinesis server as AWS's streaming destination does, and three checkin-service
 * instances past the DynamoDB Streams limit of two, each reading it as its own enhanced fan-out
 * consumer. One platform for the class; the last test stops an instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KinesisChangeFeedIT {

    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();
    private static final int INSTANCES = 3;

    private static Path dataDir;
    private static LocalPlatform platform;
    private static List<LocalPlatform.Instance> checkins;
    private static KinesisAsyncClient kinesis;
    private static String staff;
    private static String eventId;
    private static List<String> attendees;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(KinesisServer.installed(), "kinesis-local is not installed: npm ci --prefix kinesis-server (./platform test does)");
        dataDir = Files.createTempDirectory("platform-it-kinesis-");
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> {
            servicePorts.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        });
        platform = LocalPlatform.start(new LocalPlatform.Options(HOME, dataDir, Gateway.LOOPBACK, 0, Ports.free(),
                Ports.free(), servicePorts, managementPorts, INSTANCES, LocalPlatform.ChangeFeed.KINESIS));
        checkins = platform.instances().stream().filter(i -> i.service().equals("checkin-service")).toList();
        kinesis = KinesisDestination.client(platform.kinesisDestination().orElseThrow().endpoint());
        staff = platform.stack().tokens().mint(Roles.STAFF, null);
        String organizer = platform.stack().tokens().mint(Roles.ORGANIZER, null);
        eventId = PlatformClient.publishedEvent(gateway(), organizer, "Three doors");
        attendees = PlatformClient.register(gateway(), eventId, 8);
    }

    @AfterAll
    static void stop() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (dataDir != null) {
            EmbeddedStack.wipe(dataDir);
        }
    }

    @Test
    @Order(1)
    void eachInstanceIsAnEnhancedFanOutConsumerOfItsOwn() {
        assertEquals(INSTANCES, checkins.size());
        JsonObject services = new JsonObject(PlatformClient.send("GET", gateway() + Gateway.HEALTH_PATH, null, null, 200))
                .getJsonObject("services");
        for (LocalPlatform.Instance instance : checkins) {
            assertEquals("UP", services.getJsonObject(instance.name()).getString("status"), instance.name());
        }
        List<Consumer> consumers = consumers();
        assertEquals(INSTANCES, consumers.size(), consumers.toString());
        assertEquals(INSTANCES, consumers.stream().map(Consumer::consumerName).distinct().count());
        assertTrue(consumers.stream().allMatch(c -> c.consumerStatus() == ConsumerStatus.ACTIVE
                && c.consumerName().startsWith("checkin-")), consumers.toString());
    }

    @Test
    @Order(2)
    void aScanThroughOneInstanceReachesDashboardsOnAllThroughKinesis() throws Exception {
        long forwardedBefore = platform.kinesisDestination().orElseThrow().forwarded();
        List<DashboardSocket> dashboards = new java.util.ArrayList<>();
        try {
            for (LocalPlatform.Instance instance : checkins) {
                DashboardSocket dashboard = DashboardSocket.open(direct(instance), eventId, staff, null);
                dashboards.add(dashboard);
                dashboard.awaitType("snapshot");
            }
            List<String> scanned = attendees.subList(0, 3);
            for (String registrationId : scanned) {
                PlatformClient.checkIn(direct(checkins.get(0)).replace("ws:", "http:"), eventId, staff, registrationId);
            }
            awaitTrue(() -> dashboards.stream().allMatch(d -> d.checkIns().size() == scanned.size()));
            for (DashboardSocket dashboard : dashboards) {
                assertEquals(Set.copyOf(scanned), Set.copyOf(dashboard.checkIns()));
                assertEquals(dashboards.get(0).stamps(), dashboard.stamps(), "every instance numbers the changes alike");
                dashboard.assertConsecutive(1);
            }
            assertTrue(platform.kinesisDestination().orElseThrow().forwarded() >= forwardedBefore + scanned.size());
        } finally {
            dashboards.forEach(DashboardSocket::close);
        }
    }

    @Test
    @Order(3)
    void aDashboardMovedToAnotherInstanceResumesThereWithoutASnapshot() throws Exception {
        DashboardSocket first = DashboardSocket.open(direct(checkins.get(0)), eventId, staff, null);
        first.awaitType("snapshot");
        PlatformClient.checkIn(gateway(), eventId, staff, attendees.get(3));
        awaitTrue(() -> first.checkIns().size() == 1);
        first.close();
        List<String> missed = attendees.subList(4, 7);
        for (String registrationId : missed) {
            PlatformClient.checkIn(gateway(), eventId, staff, registrationId);
        }
        try (DashboardSocket moved = DashboardSocket.open(direct(checkins.get(2)), eventId, staff, first)) {
            JsonObject hello = moved.awaitFirst();
            assertEquals("resumed", hello.getString("type"), hello.encode());
            awaitTrue(() -> moved.checkIns().size() == missed.size());
            assertEquals(Set.copyOf(missed), Set.copyOf(moved.checkIns()));
            assertEquals(0, moved.ofType("snapshot").size());
            moved.assertConsecutive(hello.getLong("fromSeq"));
        }
    }

    @Test
    @Order(4)
    void anInstanceThatStopsDeregistersItsConsumerAndTheOthersKeepReading() throws Exception {
        LocalPlatform.Instance leaving = checkins.get(1);
        platform.stop(leaving.name());
        awaitTrue(() -> consumers().size() == INSTANCES - 1);
        try (DashboardSocket dashboard = DashboardSocket.open(gateway().replace("http:", "ws:"), eventId, staff, null)) {
            dashboard.awaitType("snapshot");
            PlatformClient.checkIn(gateway(), eventId, staff, attendees.get(7));
            awaitTrue(() -> dashboard.checkIns().contains(attendees.get(7)));
        }
    }

    private static List<Consumer> consumers() {
        return kinesis.listStreamConsumers(r -> r.streamARN(platform.kinesisDestination().orElseThrow().streamArn()))
                .join().consumers();
    }

    private static String gateway() {
        return "http://127.0.0.1:" + platform.gatewayPort();
    }

    private static String direct(LocalPlatform.Instance instance) {
        return "ws://127.0.0.1:" + instance.port();
    }
}
