package io.eventplatform.checkin;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventShards;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.TokenMinter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes events, registrations and materials through the shared codecs exactly as
 * registration-service and materials-service do: the stream does not care who wrote them.
 */
final class Fixtures {

    private Fixtures() {
    }

    static EmbeddedStack stack() {
        return StackTestResource.stack();
    }

    static String table() {
        return stack().options().tableName();
    }

    /** The gates every test event defines: compass points, a desk, and gate-0 to gate-49. */
    static final List<String> GATES = Stream.concat(Stream.of("north", "south", "east", "west", "desk"),
            IntStream.range(0, 50).mapToObj(i -> "gate-" + i)).toList();

    /** A new published event with a unique id and the {@link #GATES}. */
    static String event(String name) {
        String eventId = "evt-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        EventItem event = new EventItem(eventId, name, null, "Hall A", now.plusSeconds(3600), now.plusSeconds(7200),
                "Europe/Berlin", 10_000, true, now.minusSeconds(86_400), now.plusSeconds(3600),
                EventItem.EventState.PUBLISHED, List.of(), GATES, 1);
        stack().dynamoDb().putItem(r -> r.tableName(table()).item(event.toItem()));
        return eventId;
    }

    static RegistrationItem registration(String eventId, String name, RegistrationStatus status) {
        String id = "reg-" + UUID.randomUUID();
        String email = name.toLowerCase().replace(' ', '.') + "." + id.substring(4, 10) + "@example.org";
        return new RegistrationItem(id, eventId, name, RegistrationItem.normaliseEmail(email), status, Instant.now(),
                Map.of(), null, null, false, 1, RegistrationItem.FIRST_TICKET_VERSION, null);
    }

    static RegistrationItem register(String eventId, String name, RegistrationStatus status) {
        RegistrationItem registration = registration(eventId, name, status);
        stack().dynamoDb().putItem(r -> r.tableName(table()).item(registration.toItem()));
        return registration;
    }

    static RegistrationItem register(String eventId, String name) {
        return register(eventId, name, RegistrationStatus.CONFIRMED);
    }

    /** Many confirmed registrations, written 25 per batch. */
    static List<RegistrationItem> registerMany(String eventId, int count) {
        List<RegistrationItem> all = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RegistrationItem registration = registration(eventId, "Guest " + i, RegistrationStatus.CONFIRMED);
            all.add(registration);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(registration.toItem()).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> items = Map.of(table(), List.copyOf(batch));
                var left = stack().dynamoDb().batchWriteItem(r -> r.requestItems(items)).unprocessedItems();
                while (left != null && !left.isEmpty()) {
                    Map<String, List<WriteRequest>> retry = left;
                    left = stack().dynamoDb().batchWriteItem(r -> r.requestItems(retry)).unprocessedItems();
                }
                batch.clear();
            }
        }
        return all;
    }

    static MaterialItem publishMaterial(String eventId, String title) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        MaterialItem material = new MaterialItem(id, eventId, title, null, "slides.pdf", "application/pdf", 1024,
                "0".repeat(64), "events/" + eventId + "/" + id, "v1", MaterialItem.Visibility.PUBLIC, true, "organizer-1",
                Instant.now(), 1);
        stack().dynamoDb().putItem(r -> r.tableName(table()).item(material.toItem()));
        return material;
    }

    /** The registration's current ticket, signed with the stack's key as registration-service signs it. */
    static String ticket(RegistrationItem registration) {
        return ticket(registration.registrationId(), registration.eventId());
    }

    static String ticket(String registrationId, String eventId) {
        return ticket(registrationId, eventId, RegistrationItem.FIRST_TICKET_VERSION);
    }

    static String ticket(String registrationId, String eventId, long version) {
        Instant now = Instant.now();
        return ticket(new TicketToken(registrationId, eventId, version, now, now.plus(Duration.ofDays(2))),
                stack().ticketKeys().keyPair());
    }

    static String ticket(TicketToken ticket, KeyPair keys) {
        return TicketCodec.sign(ticket, keys.getPrivate(), TicketCodec.keyId(keys.getPublic()));
    }

    /**
     * Re-issues the registration's ticket as registration-service does: bumps {@code ticket_version}
     * on the item, then signs the new version. Every earlier ticket is revoked.
     */
    static String reissue(RegistrationItem registration) {
        long version = Long.parseLong(stack().dynamoDb().updateItem(r -> r.tableName(table())
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET #tv = if_not_exists(#tv, :first) + :one")
                .expressionAttributeNames(Map.of("#tv", RegistrationItem.TICKET_VERSION))
                .expressionAttributeValues(Map.of(":first", AttributeValue.fromN("1"), ":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get(RegistrationItem.TICKET_VERSION).n());
        return ticket(registration.registrationId(), registration.eventId(), version);
    }

    static String staffToken() {
        return StackTestResource.token(Roles.STAFF, null);
    }

    static String kioskToken(String eventId, String gate) {
        return stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId).withGate(gate));
    }

    /**
     * The event's check-in counters as one item: each number summed over its shards (the shard
     * revision left out); empty while no shard exists.
     */
    static Map<String, AttributeValue> counters(String eventId) {
        Map<String, Long> sums = new java.util.TreeMap<>();
        for (Map<String, AttributeValue> key : EventShards.keys(eventId)) {
            Map<String, AttributeValue> shard = stack().dynamoDb().getItem(r -> r.tableName(table()).consistentRead(true)
                    .key(key)).item();
            if (shard != null) {
                shard.forEach((name, value) -> {
                    if (value.n() != null && !EventShards.REVISION.equals(name)) {
                        sums.merge(name, Long.parseLong(value.n()), Long::sum);
                    }
                });
            }
        }
        Map<String, AttributeValue> counters = new java.util.HashMap<>();
        sums.forEach((name, sum) -> counters.put(name, AttributeValue.fromN(Long.toString(sum))));
        return counters;
    }

    static Map<String, AttributeValue> item(String hash, String eventId) {
        return stack().dynamoDb().getItem(r -> r.tableName(table()).consistentRead(true)
                .key(ItemKeys.key(hash, eventId))).item();
    }
}
