package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventShards;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ShardedCountersTests {

    @Test
    void aDoorRushSpreadsOverTheEventShardsAndEachShardNumbersItsChangesOneByOne() {
        String eventId = Fixtures.event("Spread");
        List<RegistrationItem> registrations = Fixtures.registerMany(eventId, 40);
        String staff = Fixtures.staffToken();
        registrations.parallelStream().forEach(registration -> checkIn(eventId, staff, registration, "north"));

        Map<Integer, List<Long>> stampsByShard = new TreeMap<>();
        for (RegistrationItem registration : registrations) {
            Attributes item = Attributes.of(Fixtures.item(registration.registrationId(), eventId));
            int shard = (int) item.number(EventShards.SHARD, -1);
            assertEquals(EventShards.of(registration.registrationId()), shard);
            stampsByShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(item.number(EventShards.SHARD_REVISION, 0));
        }
        assertTrue(stampsByShard.size() >= 4, "40 registrations land in several shards: " + stampsByShard.keySet());
        stampsByShard.forEach((shard, stamps) -> {
            Map<String, AttributeValue> shardItem = Fixtures.item(
                    EventShards.key(eventId, shard).get(TableSchema.REGISTRATION_ID).s(), eventId);
            Attributes counters = Attributes.of(shardItem);
            assertEquals(stamps.size(), counters.number("checked_in"), "shard " + shard);
            assertEquals(stamps.size(), counters.number(EventShards.REVISION), "shard " + shard);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, stamps.size()).boxed().toList(),
                    stamps.stream().sorted().toList(), "each change of a shard has a revision of its own");
        });
        given().auth().oauth2(staff).get("/api/checkin/events/{e}/counts", eventId).then().statusCode(200)
                .body("checkedIn", equalTo(40)).body("inside", equalTo(40)).body("gates.north", equalTo(40));
    }

    @Test
    void anEventStillUnderTheSharedKeysIsCheckedInAndItsOldCountersStayInTheSum() {
        String eventId = "evt-old-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        EventItem event = new EventItem(eventId, "Before sharding", null, "Hall A", now.plusSeconds(3600),
                now.plusSeconds(7200), "Europe/Berlin", 100, true, now.minusSeconds(86_400), now.plusSeconds(3600),
                EventItem.EventState.PUBLISHED, List.of(), Fixtures.GATES, 1);
        Map<String, AttributeValue> legacyEvent = new HashMap<>(event.toItem());
        legacyEvent.putAll(ItemKeys.Legacy.event(eventId));
        Map<String, AttributeValue> legacyCounters = new HashMap<>(ItemKeys.Legacy.counts(EventShards.KIND, eventId));
        legacyCounters.put(TableSchema.ITEM_TYPE, Attributes.s(ItemType.COUNTER.value()));
        legacyCounters.put("checked_in", Attributes.n(5));
        legacyCounters.put("inside", Attributes.n(3));
        legacyCounters.put("gate:north", Attributes.n(5));
        Fixtures.stack().dynamoDb().putItem(r -> r.tableName(Fixtures.table()).item(legacyEvent));
        Fixtures.stack().dynamoDb().putItem(r -> r.tableName(Fixtures.table()).item(legacyCounters));
        RegistrationItem registration = Fixtures.register(eventId, "Early Bird");
        String staff = Fixtures.staffToken();

        checkIn(eventId, staff, registration, "south");

        given().auth().oauth2(staff).get("/api/checkin/events/{e}/counts", eventId).then().statusCode(200)
                .body("checkedIn", equalTo(6)).body("inside", equalTo(4))
                .body("gates.north", equalTo(5)).body("gates.south", equalTo(1));
        assertEquals(5L, Attributes.of(Fixtures.item("COUNTS#checkin", eventId)).number("checked_in"),
                "the old counters item is read, never written");
    }

    private static void checkIn(String eventId, String staff, RegistrationItem registration, String gate) {
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("registrationId", registration.registrationId(), "gate", gate))
                .post("/api/checkin/events/{e}/scans", eventId).then().statusCode(200)
                .body("outcome", equalTo("checked_in"));
    }
}
