package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.StoreLink;
import io.eventplatform.stack.StoreLink.AwsError;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The change feed when DynamoDB Streams misbehaves as AWS's does: GetRecords throttled, iterators
 * expired, a connection that stops answering. The service's streams client reads DynamoDB Local
 * through a {@link StoreLink} that injects these on the wire (DynamoDB Local produces none of
 * them); check-ins go straight to the table meanwhile. Each fault must show in the lag gauge and
 * readiness, and once it ends every dashboard gets every change exactly once.
 */
@QuarkusTest
@TestProfile(ChangeFeedFaultTests.ThroughFaultyLink.class)
@QuarkusTestResource(StackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeFeedFaultTests {

    static final StoreLink STREAMS = StoreLink.named("checkin-dynamodb-streams");
    static final String GET_RECORDS = "GetRecords";
    static final String GET_SHARD_ITERATOR = "GetShardIterator";
    static final long MAX_LAG_MILLIS = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern GAUGE = Pattern.compile("(?m)^stream_iterator_age_millis(?:\\{[^}]*\\})? (\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Small thresholds, so each fault shows within seconds. */
    public static class ThroughFaultyLink implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "dynamodb-streams.endpoint-override", STREAMS.endpoint(StackTestResource.stack().options().dynamoDbPort()),
                    "dynamodb-streams.attempt-timeout", "1s",
                    "checkin.stream.max-lag", MAX_LAG_MILLIS + "ms",
                    "checkin.stream.initial-backoff", "100ms",
                    "checkin.stream.max-backoff", "1s");
        }
    }

    /** What one fault did to the feed, for the table. */
    record Outcome(int written, int delivered, int duplicates, int lost, long catchUpMillis) {
    }

    @Test
    @Order(1)
    void anIteratorThatExpiresIsRenewedFromTheLastRecordAndNothingIsLostOrRepeated() throws Exception {
        // First, before this instance read a single record: its iterators came from LATEST, and
        // LATEST again would skip whatever was written while they were expired.
        STREAMS.answer(GET_RECORDS, AwsError.EXPIRED_ITERATOR);
        Stage stage;
        Outcome beforeAnyRecord;
        long renewals = STREAMS.requests(GET_SHARD_ITERATOR);
        try {
            stage = Stage.open("Expired before the first record", 40);
            beforeAnyRecord = stage.writeDuringFault(20, () -> STREAMS.answered(GET_RECORDS) >= 3);
        } finally {
            STREAMS.heal(GET_RECORDS);
        }
        assertTrue(STREAMS.requests(GET_SHARD_ITERATOR) > renewals, "expired iterators were renewed");
        beforeAnyRecord = stage.awaitDelivery(beforeAnyRecord);
        report("iterator expired, none read yet", beforeAnyRecord);

        // Then with records read: renewed after the last one's sequence number.
        long answered = STREAMS.answered(GET_RECORDS);
        STREAMS.answer(GET_RECORDS, AwsError.EXPIRED_ITERATOR);
        Outcome afterRecords;
        try {
            // No read completes while every iterator comes back expired: that is lag, and not ready.
            afterRecords = stage.writeDuringFault(20, () -> STREAMS.answered(GET_RECORDS) >= answered + 3
                    && lagMillis() > MAX_LAG_MILLIS
                    && changeFeedCheck().path("data").path("reason").asText().contains("iterator expired"));
        } finally {
            STREAMS.heal(GET_RECORDS);
        }
        String renewal = STREAMS.lastRequest(GET_SHARD_ITERATOR);
        assertTrue(renewal.contains("\"ShardIteratorType\":\"AFTER_SEQUENCE_NUMBER\"") && renewal.contains("SequenceNumber"),
                renewal);
        afterRecords = stage.awaitDelivery(afterRecords);
        report("iterator expired", afterRecords);
        stage.assertEveryDashboardHasEveryCheckInOnce();
        awaitReady();
    }

    @Test
    @Order(2)
    void throttledReadsBackOffShowAsLagAndNotReadyAndCatchUpWithoutDuplicates() throws Exception {
        throttle(AwsError.LIMIT_EXCEEDED, "LimitExceededException");
    }

    @Test
    @Order(3)
    void throttlingExceptionsTooAfterTheSdksOwnRetries() throws Exception {
        throttle(AwsError.THROTTLING, "ThrottlingException");
    }

    private void throttle(AwsError error, String named) throws Exception {
        Stage stage = Stage.open("Throttled " + named, 30);
        awaitReady();
        long before = STREAMS.requests(GET_RECORDS);
        long started = System.nanoTime();
        STREAMS.answer(GET_RECORDS, error);
        Outcome outcome;
        long requests;
        double seconds;
        try {
            outcome = stage.writeDuringFault(30, () -> {
                JsonNode check = changeFeedCheck();
                return lagMillis() > MAX_LAG_MILLIS && "DOWN".equals(check.path("status").asText())
                        && check.path("data").path("reason").asText().contains(named)
                        && System.nanoTime() - started > Duration.ofSeconds(4).toNanos();
            });
            requests = STREAMS.requests(GET_RECORDS) - before;
            seconds = (System.nanoTime() - started) / 1e9;
        } finally {
            STREAMS.heal(GET_RECORDS);
        }
        JsonNode check = changeFeedCheck();
        assertTrue(check.path("data").path("reason").asText().contains("behind the table"), check.toString());
        // Polling every 10 ms without backing off would be 100 reads a second.
        assertTrue(requests / seconds < 5, requests + " GetRecords in " + seconds + " s: the reader must back off");
        outcome = stage.awaitDelivery(outcome);
        report("throttled (" + named + "), " + requests + " reads in " + String.format("%.1f", seconds) + " s", outcome);
        stage.assertEveryDashboardHasEveryCheckInOnce();
        awaitReady();
        assertTrue(lagMillis() < MAX_LAG_MILLIS);
    }

    @Test
    @Order(4)
    void aConnectionThatStopsAnsweringTimesOutAndTheReaderRecovers() throws Exception {
        Stage stage = Stage.open("Stalled", 30);
        awaitReady();
        long before = STREAMS.requests(GET_RECORDS);
        STREAMS.hold(GET_RECORDS);
        Outcome outcome;
        try {
            outcome = stage.writeDuringFault(30, () -> lagMillis() > MAX_LAG_MILLIS
                    && "DOWN".equals(changeFeedCheck().path("status").asText())
                    && STREAMS.requests(GET_RECORDS) - before >= 3);
        } finally {
            STREAMS.heal(GET_RECORDS);
        }
        // Each attempt timed out after 1 s and was made again on a new connection, instead of one
        // read waiting out the socket's 30 s.
        assertTrue(STREAMS.requests(GET_RECORDS) - before >= 3);
        outcome = stage.awaitDelivery(outcome);
        assertTrue(outcome.catchUpMillis() < 5_000, "recovered " + outcome.catchUpMillis() + " ms after the stall");
        report("connection stalled", outcome);
        stage.assertEveryDashboardHasEveryCheckInOnce();
        awaitReady();
    }

    /** An event with registrations and two dashboards watching it; tracks every check-in written. */
    private static final class Stage {
        final String eventId;
        final List<RegistrationItem> registrations;
        final List<SocketClient> dashboards = new ArrayList<>();
        final List<Long> snapshotSeqs = new ArrayList<>();
        final List<String> written = new ArrayList<>();
        final String staff = Fixtures.staffToken();
        long faultEndedNanos;

        private Stage(String eventId, List<RegistrationItem> registrations) {
            this.eventId = eventId;
            this.registrations = registrations;
        }

        static Stage open(String name, int attendees) throws InterruptedException {
            String eventId = Fixtures.event(name);
            Stage stage = new Stage(eventId, Fixtures.registerMany(eventId, attendees));
            for (int i = 0; i < 2; i++) {
                SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), stage.staff);
                stage.snapshotSeqs.add(dashboard.next(type("snapshot"), WAIT).path("seq").asLong());
                stage.dashboards.add(dashboard);
            }
            return stage;
        }

        /** Checks in {@code count} attendees while the fault lasts, spread until {@code faultShown} holds. */
        Outcome writeDuringFault(int count, java.util.function.BooleanSupplier faultShown) throws InterruptedException {
            int first = written.size();
            for (int i = 0; i < count; i++) {
                RegistrationItem registration = registrations.get(first + i);
                given().auth().oauth2(staff).contentType(ContentType.JSON)
                        .body(Map.of("registrationId", registration.registrationId(), "gate", "desk"))
                        .post("/api/checkin/events/{e}/scans", eventId).then().statusCode(200);
                written.add(registration.registrationId());
                Thread.sleep(50);
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(faultShown::getAsBoolean);
            faultEndedNanos = System.nanoTime();
            return new Outcome(count, 0, 0, 0, 0);
        }

        /** Waits until every dashboard has every check-in written so far; the outcome of the last fault. */
        Outcome awaitDelivery(Outcome during) {
            for (SocketClient dashboard : dashboards) {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                        .until(() -> new HashSet<>(checkIns(dashboard)).containsAll(written));
            }
            long catchUp = (System.nanoTime() - faultEndedNanos) / 1_000_000;
            List<String> fromFault = written.subList(written.size() - during.written(), written.size());
            int delivered = 0;
            int duplicates = 0;
            for (SocketClient dashboard : dashboards) {
                List<String> seen = checkIns(dashboard);
                for (String id : fromFault) {
                    long times = seen.stream().filter(id::equals).count();
                    delivered += times > 0 ? 1 : 0;
                    duplicates += (int) Math.max(0, times - 1);
                }
            }
            int expected = during.written() * dashboards.size();
            return new Outcome(during.written(), delivered, duplicates, expected - delivered, catchUp);
        }

        /** Exactly the check-ins written, once each, as consecutive deltas after each snapshot. */
        void assertEveryDashboardHasEveryCheckInOnce() throws InterruptedException {
            Thread.sleep(300); // a late duplicate would arrive within a few polls
            for (int d = 0; d < dashboards.size(); d++) {
                SocketClient dashboard = dashboards.get(d);
                List<String> seen = checkIns(dashboard);
                assertEquals(written.size(), seen.size(), "every check-in once");
                assertEquals(new HashSet<>(written), new HashSet<>(seen));
                List<JsonNode> deltas;
                synchronized (dashboard.received) {
                    deltas = dashboard.received.stream().filter(type("delta")).toList();
                }
                long expected = snapshotSeqs.get(d) + 1;
                for (JsonNode delta : deltas) {
                    assertEquals(expected++, delta.path("seq").asLong(), "deltas are consecutive: " + delta);
                }
                assertEquals(written.size(), deltas.get(deltas.size() - 1).path("counts").path("checkedIn").asInt());
            }
        }

        private static List<String> checkIns(SocketClient dashboard) {
            return DashboardSocketTests.checkIns(dashboard.received);
        }
    }

    private static void report(String fault, Outcome outcome) {
        assertEquals(0, outcome.duplicates(), fault + ": duplicates");
        assertEquals(0, outcome.lost(), fault + ": lost");
        System.out.printf("feed fault | %s | written %d | delivered %d (x2 dashboards) | duplicates %d | lost %d | caught up %d ms%n",
                fault, outcome.written(), outcome.delivered(), outcome.duplicates(), outcome.lost(), outcome.catchUpMillis());
    }

    private static double lagMillis() {
        Matcher matcher = GAUGE.matcher(given().port(StackTestResource.managementPort()).when().get("/q/metrics")
                .then().statusCode(200).extract().asString());
        assertTrue(matcher.find(), "stream_iterator_age_millis is exported");
        return Double.parseDouble(matcher.group(1));
    }

    private static JsonNode changeFeedCheck() {
        String body = given().port(StackTestResource.managementPort()).when().get("/q/health/ready").asString();
        JsonNode health;
        try {
            health = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("readiness is not JSON: " + body, e);
        }
        for (JsonNode check : health.path("checks")) {
            if ("change-feed".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no change-feed check in " + body);
    }

    private static void awaitReady() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(
                () -> "UP".equals(changeFeedCheck().path("status").asText()) && lagMillis() < MAX_LAG_MILLIS);
    }
}
