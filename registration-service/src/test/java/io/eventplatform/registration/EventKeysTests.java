package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventShards;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Events have partitions of their own; events stored under the older shared key move on first read. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class EventKeysTests {

    @Test
    void aNewEventHasItsOwnPartitionAndAListingEntry() {
        String eventId = publishedEvent(10);
        assertTrue(stored(ItemKeys.event(eventId)).containsKey("confirmed_count"));
        assertEquals("event-listing", stored(ItemKeys.eventListing(eventId)).get(TableSchema.ITEM_TYPE).s());
        assertTrue(stored(ItemKeys.Legacy.event(eventId)).isEmpty());
        given().get(PREFIX + "/events").then().statusCode(200).body("id", hasItem(eventId));
    }

    @Test
    void anEventUnderTheOldSharedKeyIsListedAndMovedWithItsCountersAndTakesRegistrations() {
        String listed = legacyEvent();
        String read = legacyEvent();

        given().get(PREFIX + "/events").then().statusCode(200).body("id", hasItem(listed)).body("id", hasItem(read));
        given().get(PREFIX + "/events/" + read).then().statusCode(200).body("name", equalTo("Before sharding"))
                .body("remainingCapacity", equalTo(97));
        for (String eventId : List.of(listed, read)) {
            assertTrue(stored(ItemKeys.Legacy.event(eventId)).isEmpty(), "moved: " + eventId);
            assertEquals("3", stored(ItemKeys.event(eventId)).get("confirmed_count").n(), "counters moved along");
            assertFalse(stored(ItemKeys.eventListing(eventId)).isEmpty());
        }
        registered(read, "After the move", "after.move@example.org");
        assertEquals(4, counts(read).get("confirmed").asLong());
    }

    @Test
    void registrationsCancellationsAndPromotionsAreStampedWithConsecutiveShardRevisions() {
        String eventId = publishedEvent(1);
        String[] seat = registered(eventId, "Seated", "seat.stamp@example.org");
        for (int i = 0; i < 6; i++) {
            registered(eventId, "Waiting " + i, "wait" + i + ".stamp@example.org");
        }
        given().header("X-Ticket", seat[1]).post(PREFIX + "/tickets/me/cancel").then().statusCode(200);

        // Seven registrations, a cancellation and the promotion it made: nine stamped changes in all.
        Map<Integer, Long> newestPerShard = new TreeMap<>();
        for (Map<String, AttributeValue> item : storedRegistrations(eventId)) {
            Attributes registration = Attributes.of(item);
            int shard = (int) registration.number(EventShards.SHARD, -1);
            assertEquals(EventShards.of(item.get(TableSchema.REGISTRATION_ID).s()), shard);
            newestPerShard.merge(shard, registration.number(EventShards.SHARD_REVISION, 0), Math::max);
        }
        long changes = 0;
        for (Map.Entry<Integer, Long> entry : newestPerShard.entrySet()) {
            long revision = Attributes.of(stored(EventShards.key(eventId, entry.getKey()))).number(EventShards.REVISION);
            assertEquals(entry.getValue(), revision, "the shard holds the newest stamp of shard " + entry.getKey());
            changes += revision;
        }
        assertEquals(9, changes);
    }

    private static String legacyEvent() {
        String eventId = "evt-old-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        EventItem event = new EventItem(eventId, "Before sharding", null, "Hall A", now.plusSeconds(86_400),
                now.plusSeconds(90_000), "Europe/Berlin", 100, true, now.minusSeconds(86_400), now.plusSeconds(80_000),
                EventItem.EventState.PUBLISHED, List.of(), List.of("north"), 1);
        Map<String, AttributeValue> item = new HashMap<>(event.toItem());
        item.putAll(ItemKeys.Legacy.event(eventId));
        item.put("confirmed_count", Attributes.n(3));
        item.put("waitlisted_count", Attributes.n(0));
        item.put("cancelled_count", Attributes.n(0));
        StackTestResource.stack().dynamoDb().putItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME).item(item));
        return eventId;
    }

    private static Map<String, AttributeValue> stored(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = StackTestResource.stack().dynamoDb().getItem(r -> r
                .tableName(TableSchema.DEFAULT_TABLE_NAME).key(key).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }
}
