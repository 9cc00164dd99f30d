package io.eventplatform.checkin.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream images of any writer become the same typed domain events. */
class ChangeRecordsTests {

    private static final Instant REGISTERED = Instant.parse("2026-11-20T10:00:00.000Z");
    private static final Instant CHECKED_IN = Instant.parse("2026-11-22T09:31:02.120Z");

    private static Map<String, AttributeValue> registration(RegistrationStatus status, Instant checkedInAt, String gate,
            boolean inside, long version) {
        return new RegistrationItem("reg-1", "evt-1", "Ada Lovelace", "ada@example.org", status, REGISTERED, Map.of(),
                checkedInAt, gate, inside, version, 1, null).toItem();
    }

    private static Map<String, AttributeValue> material(boolean published) {
        return new MaterialItem("m-1", "evt-1", "Slides", null, "s.pdf", "application/pdf", 1, "0".repeat(64), "k", "v",
                MaterialItem.Visibility.PUBLIC, published, "org", CHECKED_IN, 1).toItem();
    }

    @Test
    void newRegistrationIsCreated() {
        List<DomainEvent> events = ChangeRecords.toEvents(null, registration(RegistrationStatus.CONFIRMED, null, null, false, 1));
        assertEquals(1, events.size());
        DomainEvent.RegistrationCreated created = assertInstanceOf(DomainEvent.RegistrationCreated.class, events.get(0));
        assertEquals("evt-1", created.eventId());
        assertEquals("Ada Lovelace", created.attendee().name());
    }

    @Test
    void statusChangesArePromotionAndCancellation() {
        var waitlisted = registration(RegistrationStatus.WAITLISTED, null, null, false, 1);
        var confirmed = registration(RegistrationStatus.CONFIRMED, null, null, false, 2);
        var cancelled = registration(RegistrationStatus.CANCELLED, null, null, false, 3);
        assertInstanceOf(DomainEvent.RegistrationPromoted.class, ChangeRecords.toEvents(waitlisted, confirmed).get(0));
        assertInstanceOf(DomainEvent.RegistrationCancelled.class, ChangeRecords.toEvents(confirmed, cancelled).get(0));
    }

    @Test
    void anEarlierOfflineAdmissionTakingOverTheCheckInIsOneConflictWithBothGatesAndTimes() {
        Instant earlier = CHECKED_IN.minusSeconds(300);
        var southFirst = registration(RegistrationStatus.CONFIRMED, CHECKED_IN, "south", true, 2);
        var northWins = new HashMap<>(registration(RegistrationStatus.CONFIRMED, earlier, "north", true, 3));
        northWins.put(RegistrationItem.CHECK_IN_CONFLICTS, AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                "at", Attributes.instant(CHECKED_IN), "gate", Attributes.s("south"), "by", Attributes.s("kiosk-s"),
                "request", Attributes.s("kiosk-s/entry/s-1"))))));
        List<DomainEvent> events = ChangeRecords.toEvents(southFirst, northWins);
        assertEquals(1, events.size());
        DomainEvent.CheckInConflict conflict = assertInstanceOf(DomainEvent.CheckInConflict.class, events.get(0));
        assertEquals("north", conflict.attendee().gate());
        assertEquals(earlier, conflict.attendee().checkedInAt());
        assertEquals("south", conflict.conflict().gate());
        assertEquals(CHECKED_IN, conflict.conflict().at());
        // The same image again (a feed repeat) is no new conflict.
        assertTrue(ChangeRecords.toEvents(northWins, northWins).isEmpty());
    }

    @Test
    void checkInUndoExitAndEntryAreTheirOwnEvents() {
        var confirmed = registration(RegistrationStatus.CONFIRMED, null, null, false, 1);
        var in = registration(RegistrationStatus.CONFIRMED, CHECKED_IN, "north", true, 2);
        var out = registration(RegistrationStatus.CONFIRMED, CHECKED_IN, "north", false, 3);
        var back = registration(RegistrationStatus.CONFIRMED, CHECKED_IN, "north", true, 4);
        DomainEvent.CheckedIn checkedIn = assertInstanceOf(DomainEvent.CheckedIn.class,
                ChangeRecords.toEvents(confirmed, in).get(0));
        assertEquals("north", checkedIn.attendee().gate());
        assertEquals(CHECKED_IN, checkedIn.attendee().checkedInAt());
        assertInstanceOf(DomainEvent.Exited.class, ChangeRecords.toEvents(in, out).get(0));
        assertInstanceOf(DomainEvent.Entered.class, ChangeRecords.toEvents(out, back).get(0));
        DomainEvent.CheckInUndone undone = assertInstanceOf(DomainEvent.CheckInUndone.class,
                ChangeRecords.toEvents(back, registration(RegistrationStatus.CONFIRMED, null, null, false, 5)).get(0));
        assertEquals("north", undone.previous().gate());
    }

    @Test
    void aWriteThatChangesNothingADashboardShowsIsNoEvent() {
        var in = registration(RegistrationStatus.CONFIRMED, CHECKED_IN, "north", true, 2);
        Map<String, AttributeValue> touched = new HashMap<>(in);
        touched.put(RegistrationItem.LAST_SCAN_AT, Attributes.instant(Instant.now()));
        assertTrue(ChangeRecords.toEvents(in, touched).isEmpty());
        assertTrue(ChangeRecords.toEvents(in, null).isEmpty(), "a deleted item (TTL) is no event");
    }

    @Test
    void publishingAMaterialIsAnEventOnce() {
        DomainEvent.MaterialPublished published = assertInstanceOf(DomainEvent.MaterialPublished.class,
                ChangeRecords.toEvents(material(false), material(true)).get(0));
        assertEquals("Slides", published.title());
        assertEquals(1, ChangeRecords.toEvents(null, material(true)).size());
        assertTrue(ChangeRecords.toEvents(material(true), material(true)).isEmpty());
        assertTrue(ChangeRecords.toEvents(null, material(false)).isEmpty());
    }

    @Test
    void countersAndGuardsAreNoEvents() {
        Map<String, AttributeValue> counter = new HashMap<>(ItemKeys.key("COUNTS#checkin", "evt-1"));
        counter.put(TableSchema.ITEM_TYPE, Attributes.s(ItemType.COUNTER.value()));
        counter.put("checked_in", Attributes.n(3));
        assertTrue(ChangeRecords.toEvents(null, counter).isEmpty());
        Map<String, AttributeValue> guard = new HashMap<>(ItemKeys.key("EMAIL#ada@example.org", "evt-1"));
        guard.put(TableSchema.ITEM_TYPE, Attributes.s(ItemType.GUARD.value()));
        assertTrue(ChangeRecords.toEvents(null, guard).isEmpty());
    }
}
