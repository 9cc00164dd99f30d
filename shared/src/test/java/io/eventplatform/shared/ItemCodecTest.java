package io.eventplatform.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationKind;
import io.eventplatform.shared.item.NotificationItem.NotificationState;
import io.eventplatform.shared.item.PendingDeletionItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.TableSchema;

class ItemCodecTest {

    private static final Instant AT = Instant.parse("2026-11-22T09:30:00.120Z");

    @Test
    void registrationRoundTripsAndCarriesTheIndexAttributes() {
        var registration = new RegistrationItem("r1", "e1", "Ada Lovelace", "ada@example.org",
                RegistrationStatus.CONFIRMED, AT, Map.of("diet", List.of("vegan")), null, null, false, 3, 2, 1800000000L);
        var item = registration.toItem();
        assertEquals("registration", item.get(TableSchema.ITEM_TYPE).s());
        assertEquals("ada@example.org", item.get(TableSchema.ATTENDEE_EMAIL).s());
        assertEquals("confirmed#2026-11-22T09:30:00.120Z", item.get(TableSchema.CHECK_IN_STATUS).s());
        assertEquals("2026-11-22T09:30:00.120Z", item.get(TableSchema.REGISTRATION_DATE).s());
        assertEquals(registration, RegistrationItem.from(item));
    }

    @Test
    void checkedInRegistrationMovesToTheCheckedInState() {
        var checkedIn = new RegistrationItem("r1", "e1", "A", "a@example.org", RegistrationStatus.CONFIRMED, AT,
                Map.of(), AT.plusSeconds(60), "gate-2", true, 4, 1, null);
        assertTrue(checkedIn.checkInStatusKey().startsWith("checked_in#"));
        assertEquals(checkedIn, RegistrationItem.from(checkedIn.toItem()));
    }

    @Test
    void aRegistrationWrittenBeforeTicketVersionsHoldsTheFirstTicket() {
        var registration = new RegistrationItem("r1", "e1", "A", "a@example.org", RegistrationStatus.CONFIRMED, AT,
                Map.of(), null, null, false, 1, 1, null);
        var item = new java.util.HashMap<>(registration.toItem());
        item.remove(RegistrationItem.TICKET_VERSION);
        assertEquals(1, RegistrationItem.from(item).ticketVersion());
    }

    @Test
    void pendingDeletionRoundTripsAndOneObjectIsOneItem() {
        var copy = new PendingDeletionItem("e1", "static/events/e1/m1/abc/slides.pdf", null,
                "/static/events/e1/m1/abc/slides.pdf", 0, AT, AT, null);
        var item = copy.toItem();
        assertEquals("pending-deletion", item.get(TableSchema.ITEM_TYPE).s());
        assertEquals("PENDING_DELETIONS", item.get(TableSchema.REGISTRATION_ID).s());
        assertEquals("e1#*#static/events/e1/m1/abc/slides.pdf", item.get(TableSchema.EVENT_ID).s());
        assertEquals(copy, PendingDeletionItem.from(item));
        var failed = copy.failed("S3 unreachable", AT.plusSeconds(30));
        assertEquals(1, failed.attempts());
        assertEquals(copy.deletionId(), failed.deletionId());
        assertEquals(failed, PendingDeletionItem.from(failed.toItem()));
        var version = new PendingDeletionItem("e1", "materials/e1/m1", "v7", null, 1, AT, AT, "timeout");
        assertEquals("e1#v7#materials/e1/m1", version.deletionId());
        assertEquals(version, PendingDeletionItem.from(version.toItem()));
    }

    @Test
    void instantsSortAsText() {
        String earlier = RegistrationItem.checkInStatusKey("waitlisted", Instant.parse("2026-01-01T00:00:00Z"));
        String later = RegistrationItem.checkInStatusKey("waitlisted", Instant.parse("2026-01-01T00:00:00.001Z"));
        assertTrue(earlier.compareTo(later) < 0);
    }

    @Test
    void eventRoundTripsWithQuestions() {
        var event = new EventItem("e1", "DevConf", null, "Hall A", AT, AT.plusSeconds(3600), "Europe/Berlin", 500, true,
                AT.minusSeconds(86400), AT, EventItem.EventState.PUBLISHED,
                List.of(new EventItem.Question("diet", "Diet", EventItem.QuestionType.SINGLE_CHOICE, true,
                        List.of("none", "vegan"))), List.of("north", "south"), 1);
        var item = event.toItem();
        assertFalse(item.containsKey(TableSchema.ATTENDEE_EMAIL), "event items stay out of the GSIs");
        assertEquals(event, EventItem.from(item));
    }

    @Test
    void materialRoundTrips() {
        var material = new MaterialItem("m1", "e1", "Agenda", null, "agenda.pdf", "application/pdf", 1234, "ab12",
                "events/e1/materials/m1/agenda.pdf", "v1", MaterialItem.Visibility.CHECKED_IN, true, "org-1", AT, 2);
        assertEquals("MATERIAL#m1", material.toItem().get(TableSchema.REGISTRATION_ID).s());
        assertEquals(material, MaterialItem.from(material.toItem()));
    }

    @Test
    void deletedMaterialWithVersionHistoryRoundTrips() {
        var first = new MaterialItem.VersionEntry("v1", 10, "aa", "application/pdf", "agenda.pdf", "org-1", AT, null);
        var restored = new MaterialItem.VersionEntry("v3", 10, "aa", "application/pdf", "agenda.pdf", "org-2",
                AT.plusSeconds(60), "v1");
        var material = new MaterialItem("m1", "e1", "Agenda", "Day one", "agenda.pdf", "application/pdf", 10, "aa",
                "materials/e1/m1", "v3", MaterialItem.Visibility.PUBLIC, false, "org-2", AT, 3, AT.plusSeconds(90),
                "static/events/e1/m1/aa/agenda.pdf", List.of(first, restored));
        MaterialItem read = MaterialItem.from(material.toItem());
        assertEquals(material, read);
        assertEquals(restored, read.recordedVersion("v3"));
        assertTrue(read.deleted());
    }

    @Test
    void aPendingNotificationSitsOnTheDueIndexAndASettledOneDoesNot() {
        var registration = new RegistrationItem("r1", "e1", "Ada Lovelace", "ada@example.org",
                RegistrationStatus.WAITLISTED, AT, Map.of(), null, null, false, 1, 1, 1800000000L);
        var pending = NotificationItem.pending(registration, NotificationKind.WAITLISTED, 1, AT, AT.plusSeconds(30));
        var item = pending.toItem();
        assertEquals("NOTIFICATION#r1#waitlisted-1", item.get(TableSchema.REGISTRATION_ID).s());
        assertEquals("e1", item.get(TableSchema.EVENT_ID).s());
        assertEquals("notification", item.get(TableSchema.ITEM_TYPE).s());
        assertEquals(pending.queue(), item.get(TableSchema.NOTIFICATION_QUEUE).s());
        assertTrue(pending.queue().matches("due#[0-7]"));
        assertEquals("2026-11-22T09:30:30.120Z", item.get(TableSchema.NOTIFICATION_DUE).s());
        assertEquals("1800000000", item.get(TableSchema.TTL).n());
        assertFalse(item.containsKey(TableSchema.ATTENDEE_EMAIL), "the registration indexes stay sparse");
        assertEquals(pending, NotificationItem.from(item));

        var sent = new NotificationItem("r1", "e1", "waitlisted-1", NotificationKind.WAITLISTED, "ada@example.org", AT,
                NotificationState.SENT, 1, null, null, "sender", AT.plusSeconds(1), "250 accepted", 0, 1800000000L);
        assertFalse(sent.toItem().containsKey(TableSchema.NOTIFICATION_QUEUE));
        assertFalse(sent.toItem().containsKey(TableSchema.NOTIFICATION_DUE));
        assertEquals(sent, NotificationItem.from(sent.toItem()));
    }
}
