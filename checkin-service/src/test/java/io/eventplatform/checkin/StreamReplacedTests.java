package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Issue #12: the table's stream turned off and on again (a new stream ARN; what was written in
 * between is in no stream). The reader drains the old stream, moves to the new one without a
 * restart, and the sockets are asked to reconnect (1013), so a dashboard resuming from before gets
 * a fresh snapshot that includes the change no stream carried.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class StreamReplacedTests {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void aReplacedStreamIsFollowedAndDashboardsReloadWhatNoStreamCarried() throws Exception {
        String eventId = Fixtures.event("Stream replaced");
        List<RegistrationItem> guests = Fixtures.registerMany(eventId, 3);
        String staff = Fixtures.staffToken();
        String kioskToken = Fixtures.kioskToken(eventId, "north");
        SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), staff);
        JsonNode snapshot = dashboard.next(type("snapshot"), WAIT);
        SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), kioskToken);
        kiosk.next(type("welcome"), WAIT);

        scan(kiosk, "replaced-0", guests.get(0));
        JsonNode delta = dashboard.next(type("delta"), WAIT);
        long[] position = Arrays.stream(snapshot.path("position").asText().split("\\.")).mapToLong(Long::parseLong)
                .toArray();
        position[delta.path("shard").asInt()] = delta.path("rev").asLong();

        String oldStream = streamArn();
        setStream(false);
        scan(kiosk, "replaced-1", guests.get(1));
        setStream(true);
        assertNotEquals(oldStream, streamArn());

        assertEquals(1013, dashboard.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS), "dashboard asked to reconnect");
        assertEquals(1013, kiosk.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS), "kiosk asked to reconnect");
        String resumeFrom = Arrays.stream(position).mapToObj(Long::toString).collect(Collectors.joining("."));
        try (SocketClient resumed = SocketClient.open(SocketTestSupport.dashboard(eventId,
                snapshot.path("epoch").asText(), delta.path("seq").asLong(), resumeFrom), staff);
                SocketClient kioskAgain = SocketClient.open(SocketTestSupport.kiosk(eventId), kioskToken)) {
            JsonNode reloaded = resumed.next(WAIT);
            assertEquals("snapshot", reloaded.path("type").asText(), reloaded.toString());
            assertEquals(2, reloaded.path("counts").path("checkedIn").asInt(), "the change no stream carried");
            kioskAgain.next(type("welcome"), WAIT);
            scan(kioskAgain, "replaced-2", guests.get(2));
            JsonNode fromNewStream = resumed.next(type("delta"), WAIT);
            assertEquals(guests.get(2).registrationId(), fromNewStream.path("registrationId").asText());
            assertEquals(3, fromNewStream.path("counts").path("checkedIn").asInt());
        }
    }

    private static void scan(SocketClient kiosk, String requestId, RegistrationItem guest) throws Exception {
        kiosk.send(SocketTestSupport.scan(requestId, Fixtures.ticket(guest), "entry"));
        assertEquals("checked_in", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
    }

    private static String streamArn() {
        return StackTestResource.stack().dynamoDb().describeTable(r -> r.tableName(Fixtures.table())).table()
                .latestStreamArn();
    }

    private static void setStream(boolean enabled) {
        StackTestResource.stack().dynamoDb().updateTable(r -> r.tableName(Fixtures.table()).streamSpecification(
                s -> s.streamEnabled(enabled).streamViewType(enabled ? StreamViewType.NEW_AND_OLD_IMAGES : null)));
    }
}
