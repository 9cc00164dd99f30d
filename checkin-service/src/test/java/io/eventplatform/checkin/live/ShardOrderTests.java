package io.eventplatform.checkin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.eventplatform.checkin.feed.Attendee;
import io.eventplatform.checkin.feed.DomainEvent;
import io.eventplatform.shared.item.EventShards;

/**
 * Live state numbers registration changes by their shard revision, whatever order the feed
 * brings them in: two instances that see the same changes in different orders hold the same
 * position and can resume each other's dashboards.
 */
class ShardOrderTests {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aLaterRevisionThatArrivesFirstWaitsForItsPredecessor() throws Exception {
        LiveEvent live = loaded();
        Recorder dashboard = new Recorder();
        live.watch(dashboard, null, null, null);
        live.apply(checkedIn("reg-b", 3, 2));
        assertEquals(1, dashboard.messages.size(), "revision 2 must wait for revision 1");
        live.apply(checkedIn("reg-a", 3, 1));
        List<JsonNode> deltas = dashboard.checkIns();
        assertEquals(List.of("reg-a", "reg-b"), deltas.stream().map(d -> d.path("registrationId").asText()).toList());
        assertEquals(List.of(1L, 2L), deltas.stream().map(d -> d.path("rev").asLong()).toList());
        assertEquals(2, deltas.get(1).path("counts").path("checkedIn").asInt());
    }

    @Test
    void twoInstancesSeeingChangesInDifferentOrdersResumeEachOthersDashboards() throws Exception {
        LiveEvent first = loaded();
        LiveEvent second = loaded();
        List<DomainEvent> changes = List.of(checkedIn("reg-a", 0, 1), checkedIn("reg-b", 5, 1),
                checkedIn("reg-c", 0, 2), checkedIn("reg-d", 5, 2));
        Recorder onFirst = new Recorder();
        first.watch(onFirst, null, null, null);
        long[] position = position(onFirst.messages.get(0).path("position").asText());
        first.apply(changes.get(0));
        first.apply(changes.get(1));
        for (JsonNode delta : onFirst.checkIns()) {
            position[delta.path("shard").asInt()] = delta.path("rev").asLong();
        }
        // The second instance got them all, in another order; the dashboard moves to it.
        for (int i = changes.size() - 1; i >= 0; i--) {
            second.apply(changes.get(i));
        }
        Recorder onSecond = new Recorder();
        second.watch(onSecond, "the-first-instance.1", 2L, position);
        assertEquals("resumed", onSecond.messages.get(0).path("type").asText(), onSecond.messages.toString());
        assertEquals(List.of("reg-c", "reg-d"), onSecond.checkIns().stream().map(d -> d.path("registrationId").asText())
                .sorted().toList());
        List<JsonNode> missed = onSecond.deltas();
        JsonNode resumed = onSecond.messages.get(0);
        assertEquals(resumed.path("fromSeq").asLong(), missed.get(0).path("seq").asLong());
        assertEquals(resumed.path("toSeq").asLong(), missed.get(missed.size() - 1).path("seq").asLong());
        for (int i = 1; i < missed.size(); i++) {
            assertEquals(missed.get(i - 1).path("seq").asLong() + 1, missed.get(i).path("seq").asLong());
        }
        assertEquals(4, missed.get(missed.size() - 1).path("counts").path("checkedIn").asInt());
    }

    @Test
    void aResumeFromBeforeWhatThisInstanceHoldsGetsASnapshot() throws Exception {
        LiveEvent live = new LiveEvent("evt-1", "epoch.1", new LiveMessages(JSON), 2048, 20, 30, delivered -> { });
        long[] atLoad = new long[EventShards.COUNT];
        atLoad[2] = 7; // changes up to revision 7 of shard 2 happened before this instance loaded the event
        live.load("Event", List.of(), atLoad, List.of());
        Recorder dashboard = new Recorder();
        live.watch(dashboard, "elsewhere.1", 10L, new long[EventShards.COUNT]);
        assertEquals("snapshot", dashboard.messages.get(0).path("type").asText());
        assertEquals("0.0.7.0.0.0.0.0", dashboard.messages.get(0).path("position").asText());
    }

    private static LiveEvent loaded() {
        LiveEvent live = new LiveEvent("evt-1", "epoch.1", new LiveMessages(JSON), 2048, 20, 30, delivered -> { });
        live.load("Event", List.of(), new long[EventShards.COUNT], List.of());
        return live;
    }

    private static DomainEvent checkedIn(String registrationId, int shard, long revision) {
        Instant at = Instant.parse("2026-11-22T09:31:02.120Z");
        return new DomainEvent.CheckedIn(new Attendee(registrationId, "evt-1", "Name " + registrationId, null,
                "confirmed", at.minusSeconds(3600), at, "north", true, 2, "kiosk-1", List.of(), shard, revision));
    }

    private static long[] position(String text) {
        String[] parts = text.split("\\.");
        long[] position = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            position[i] = Long.parseLong(parts[i]);
        }
        return position;
    }

    /** Collects what live state sends a dashboard, synchronously. */
    private static final class Recorder implements Outbox {

        final List<JsonNode> messages = new ArrayList<>();
        private final Executor writer = Runnable::run;

        @Override
        public Executor writer() {
            return writer;
        }

        @Override
        public boolean write(String message) {
            offer(message);
            return true;
        }

        @Override
        public void offer(String message) {
            try {
                messages.add(JSON.readTree(message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void offerLatest(String message) {
            offer(message);
        }

        @Override
        public void close(int code, String reason) {
            throw new AssertionError("closed " + code);
        }

        List<JsonNode> deltas() {
            return messages.stream().filter(m -> "delta".equals(m.path("type").asText())).toList();
        }

        List<JsonNode> checkIns() {
            return deltas().stream().filter(m -> "checked_in".equals(m.path("kind").asText())).toList();
        }
    }
}
