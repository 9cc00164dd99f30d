package io.eventplatform.registration.notification;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.registration.registration.RegistrationRepository;
import io.eventplatform.registration.ticket.TicketSigner;
import io.eventplatform.shared.feed.DynamoDbStreamSource;
import io.eventplatform.shared.feed.StreamSource;
import io.eventplatform.shared.feed.StreamsClientFactory;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationState;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Senders driven by the test, against the real table, stream and SMTP server: the service's own
 * sender is off here, so each test decides how many senders run and when one stops.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@TestProfile(NotificationSenderTests.SendersByHand.class)
class NotificationSenderTests {

    /** The instance's sender off; two attempts before a notification fails. */
    public static class SendersByHand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notification.sender-enabled", "false", "notification.max-attempts", "2");
        }
    }

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Inject
    NotificationRepository notifications;
    @Inject
    RegistrationRepository registrations;
    @Inject
    EventRepository events;
    @Inject
    TicketSigner signer;
    @Inject
    MessageComposer composer;
    @Inject
    ReactiveMailer mailer;
    @Inject
    NotificationConfig config;
    @Inject
    Clock clock;
    @Inject
    StreamsClientFactory streams;

    /** A sender as another instance (or this one after a restart) runs it: same table, same mail server, own identity. */
    private NotificationSender newSender() {
        return new NotificationSender(notifications, registrations, events, signer, composer, mailer, config, clock);
    }

    @Test
    void twoSendersReadingTheFeedAndSweepingSendEachNotificationOnce() throws Exception {
        String streamArn = StackTestResource.stack().dynamoDb()
                .describeTable(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)).table().latestStreamArn();
        NotificationSender first = newSender();
        NotificationSender second = newSender();
        List<StreamSource> feeds = List.of(new DynamoDbStreamSource(streams.create(), streamArn, config.feed()),
                new DynamoDbStreamSource(streams.create(), streamArn, config.feed()));
        feeds.get(0).start(first::onChanges);
        feeds.get(1).start(second::onChanges);
        ExecutorService sweeps = Executors.newFixedThreadPool(2);
        try {
            String eventId = publishedEvent(40);
            List<String> addresses = IntStream.range(0, 20).mapToObj(i -> "pair" + i + "." + eventId + "@example.org").toList();
            // Both senders see every record of the feed, and both sweep at once.
            addresses.forEach(address -> registered(eventId, "Pair", address));
            for (NotificationSender sender : List.of(first, second)) {
                sweeps.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        sender.sweep();
                        Thread.sleep(200);
                    }
                    return null;
                });
            }

            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                    .until(() -> addresses.stream().allMatch(a -> !Mailbox.messages(a).isEmpty()));
            Thread.sleep(config.sweepAfter().plusSeconds(1).toMillis());
            addresses.forEach(a -> assertEquals(1, Mailbox.messages(a).size(), a + " got exactly one email"));
            assertEquals(20, stored(eventId).stream().filter(n -> n.state() == NotificationState.SENT).count());
        } finally {
            sweeps.shutdownNow();
            sweeps.awaitTermination(10, TimeUnit.SECONDS);
            feeds.forEach(StreamSource::close);
        }
    }

    @Test
    void aSenderStoppedMidBatchAndOneThatDiedHoldingAClaimLeaveNothingUnsentAndNothingTwice() throws Exception {
        String eventId = publishedEvent(40);
        List<String> addresses = IntStream.range(0, 30).mapToObj(i -> "batch" + i + "." + eventId + "@example.org").toList();
        addresses.forEach(address -> registered(eventId, "Batch", address));
        // One notification held by a sender that died right after claiming it.
        NotificationItem held = stored(eventId).get(0);
        assertTrue(notifications.claim(held, true, clock.instant(), clock.instant().plus(Duration.ofSeconds(5)),
                "sender-that-died").isPresent());
        Thread.sleep(config.sweepAfter().toMillis());

        ExecutorService before = Executors.newSingleThreadExecutor();
        before.submit(newSender()::sweep);
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50))
                .until(() -> addresses.stream().filter(a -> !Mailbox.messages(a).isEmpty()).count() >= 3);
        before.shutdownNow();
        assertTrue(before.awaitTermination(10, TimeUnit.SECONDS));
        long sentBeforeRestart = addresses.stream().filter(a -> !Mailbox.messages(a).isEmpty()).count();
        assertTrue(sentBeforeRestart < addresses.size(), "stopped mid-batch: " + sentBeforeRestart + " sent");

        NotificationSender restarted = newSender();
        ExecutorService after = Executors.newSingleThreadExecutor();
        after.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                restarted.sweep();
                Thread.sleep(200);
            }
            return null;
        });
        try {
            // Stopping may have cut a claim write short: such a notification waits out its claim, as after a crash.
            await().atMost(config.claimTimeout().plus(DELIVERY)).pollInterval(Duration.ofMillis(500))
                    .until(() -> addresses.stream().allMatch(a -> !Mailbox.messages(a).isEmpty()));
        } finally {
            after.shutdownNow();
            after.awaitTermination(10, TimeUnit.SECONDS);
        }
        addresses.forEach(a -> assertEquals(1, Mailbox.messages(a).size(), a + " got exactly one email"));
        NotificationItem taken = notifications.find(held.registrationId(), held.key(), eventId).orElseThrow();
        assertEquals(NotificationState.SENT, taken.state());
        assertEquals(2, taken.attempts(), "the dead sender's claim ran out, then one attempt sent it");
    }

    @Test
    void outOfAttemptsAFailedNotificationIsCountedAndAResendDeliversIt() throws Exception {
        String eventId = publishedEvent(5);
        var stack = StackTestResource.stack();
        NotificationSender sender = newSender();
        String address = "dee." + eventId + "@example.org";
        stack.stopMailServer();
        String[] dee;
        try {
            dee = registered(eventId, "Dee", address);
            Thread.sleep(config.sweepAfter().toMillis());
            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300)).until(() -> {
                sender.sweep();
                return notifications.failures(eventId) == 1;
            });
        } finally {
            stack.startMailServer();
        }
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/notifications/failures")
                .then().statusCode(200).body("failed", equalTo(1)).body("eventId", equalTo(eventId));
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations/" + dee[0] + "/notifications")
                .then().statusCode(200).body("[0].state", equalTo("failed")).body("[0].attempts", equalTo(2))
                .body("[0].lastError", org.hamcrest.Matchers.containsString("onnect"));

        given().auth().oauth2(organizer())
                .post(PREFIX + "/events/" + eventId + "/registrations/" + dee[0] + "/notifications/confirmation-1/resend")
                .then().statusCode(202).body("state", equalTo("pending"));
        given().auth().oauth2(organizer())
                .post(PREFIX + "/events/" + eventId + "/registrations/" + dee[0] + "/notifications/confirmation-1/resend")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(0, notifications.failures(eventId));
        Thread.sleep(config.sweepAfter().toMillis());
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(300)).until(() -> {
            sender.sweep();
            return !Mailbox.messages(address).isEmpty();
        });
        assertEquals(1, Mailbox.messages(address).size());
    }

    private List<NotificationItem> stored(String eventId) {
        List<NotificationItem> found = new ArrayList<>();
        StackTestResource.stack().dynamoDb().scanPaginator(s -> s.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .filterExpression("event_id = :e AND item_type = :t")
                .expressionAttributeValues(Map.of(":e", io.eventplatform.shared.item.Attributes.s(eventId),
                        ":t", io.eventplatform.shared.item.Attributes.s("notification"))))
                .items().forEach(item -> found.add(NotificationItem.from(item)));
        return found;
    }
}
