package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A dashboard that stops reading is dropped with 1013 while the others keep getting everything. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@TestProfile(SlowDashboardTests.SmallQueues.class)
class SlowDashboardTests {

    /** Small per-socket queues, so a stalled client overflows its own quickly. */
    public static class SmallQueues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("checkin.live.dashboard-write-buffer", "65536");
        }
    }

    @Test
    void stalledDashboardIsDroppedWithoutSlowingTheOthers() throws Exception {
        String eventId = Fixtures.event("Slow reader");
        String staff = Fixtures.staffToken();
        try (SocketClient fast = SocketClient.open(SocketTestSupport.dashboard(eventId), staff);
                SocketClient stalled = SocketClient.open(SocketTestSupport.dashboard(eventId), staff)) {
            fast.next(type("snapshot"), Duration.ofSeconds(10));
            stalled.next(type("snapshot"), Duration.ofSeconds(10));
            stalled.stall();
            // Big deltas (long material titles) fill the socket buffers, then the stalled client's queue.
            String longTitle = "x".repeat(250_000);
            int materials = 100;
            for (int i = 0; i < materials; i++) {
                Fixtures.publishMaterial(eventId, i + " " + longTitle);
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertEquals(materials, fast.received.stream()
                    .filter(m -> "material_published".equals(m.path("kind").asText())).count(),
                    "fast dashboard closed: " + fast.closed.getNow(null)));
            stalled.resume();
            assertEquals(1013, stalled.closed.get(30, TimeUnit.SECONDS));
            long seenBeforeDrop = stalled.received.stream()
                    .filter(m -> "material_published".equals(m.path("kind").asText())).count();
            org.junit.jupiter.api.Assertions.assertTrue(seenBeforeDrop < materials, "dropped before the end");
        }
    }
}
