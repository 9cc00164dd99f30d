package io.eventplatform.shared.item;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A registration item: one attendee at one event. Written by registration-service, updated by
 * checkin-service, read from the stream by dashboards. Only this kind of item carries the GSI
 * attributes ({@code attendee_email}, {@code check_in_status}, {@code registration_date}).
 *
 * @param registrationId hash key
 * @param eventId range key
 * @param attendeeName as given
 * @param attendeeEmail normalised (trimmed, lower-case)
 * @param status confirmed, waitlisted or cancelled
 * @param registeredAt when it was made; orders the waitlist and the date index
 * @param answers answers to the event's questions: question id → chosen values
 * @param checkedInAt first check-in, or null
 * @param checkedInGate gate (or kiosk) of the first check-in, or null
 * @param inside whether the attendee is in the venue now (entry/exit scans)
 * @param version incremented on every write, for conditional updates
 * @param ticketVersion the version of its current ticket: tickets carry it as {@code ver}, and a
 *        re-issue bumps it so every earlier ticket stops working; 1 when absent (items written
 *        before tickets had versions)
 * @param ttl epoch seconds after which DynamoDB may delete it, or null
 */
public record RegistrationItem(String registrationId, String eventId, String attendeeName, String attendeeEmail,
        RegistrationStatus status, Instant registeredAt, Map<String, List<String>> answers, Instant checkedInAt,
        String checkedInGate, boolean inside, long version, long ticketVersion, Long ttl) {

    public static final String ATTENDEE_NAME = "attendee_name";
    public static final String STATUS = "status";
    public static final String ANSWERS = "answers";
    public static final String CHECKED_IN_AT = "checked_in_at";
    public static final String CHECKED_IN_GATE = "checked_in_gate";
    public static final String INSIDE = "inside";
    public static final String VERSION = "version";
    public static final String TICKET_VERSION = "ticket_version";
    /** What {@code ticket_version} means when absent: the first ticket. */
    public static final long FIRST_TICKET_VERSION = 1;
    // Written by checkin-service only (not record components: the other writers never touch them).
    /** Subject of the kiosk or staff member of the first check-in. */
    public static final String CHECKED_IN_BY = "checked_in_by";
    /** When the last scan (check-in, exit, entry, undo) changed this registration. */
    public static final String LAST_SCAN_AT = "last_scan_at";
    /** Gate of the last scan. */
    public static final String LAST_SCAN_GATE = "last_scan_gate";
    /** Kiosk subject and client request id of the last scan, so a resent request is answered, not re-applied. */
    public static final String LAST_SCAN_REQUEST = "last_scan_request";
    /** What the last scan answered ({@code checked_in}, {@code exited}, ...), replayed for a resend. */
    public static final String LAST_SCAN_OUTCOME = "last_scan_outcome";
    /** Kiosk subject and request id of the scan that made the first check-in. */
    public static final String CHECKED_IN_REQUEST = "checked_in_request";
    /**
     * Admissions of this registration that lost to an earlier one (list of maps {@code at}, {@code gate},
     * {@code by}, {@code request}): offline kiosks that let the same ticket in, each recorded once.
     */
    public static final String CHECK_IN_CONFLICTS = "check_in_conflicts";
    /** Request keys of the offline entry scans already applied (string set), so a resent sync changes nothing. */
    public static final String OFFLINE_ADMISSIONS = "offline_admissions";

    /**
     * What {@code check_in_status} starts with: {@code waitlisted}, {@code confirmed} (not yet in),
     * {@code checked_in} or {@code cancelled}.
     */
    public String checkInState() {
        return switch (status) {
            case CANCELLED -> "cancelled";
            case WAITLISTED -> "waitlisted";
            case CONFIRMED -> checkedInAt == null ? "confirmed" : "checked_in";
        };
    }

    /**
     * The CheckInStatusIndex range key: state, then registration date, so one index query lists
     * a state oldest first (the waitlist's promotion order) or newest first.
     */
    public String checkInStatusKey() {
        return checkInStatusKey(checkInState(), registeredAt);
    }

    public static String checkInStatusKey(String state, Instant registeredAt) {
        return state + "#" + Attributes.formatInstant(registeredAt);
    }

    /**
     * A condition expression that holds while the item's ticket version is still
     * {@code ticketVersion} (bound to {@code placeholder}); an absent attribute is the first version.
     * Writes on behalf of a ticket carry it, so a re-issue racing them makes them fail, not pass.
     */
    public static String ticketVersionCondition(long ticketVersion, String placeholder) {
        return ticketVersion == FIRST_TICKET_VERSION
                ? "(attribute_not_exists(" + TICKET_VERSION + ") OR " + TICKET_VERSION + " = " + placeholder + ")"
                : TICKET_VERSION + " = " + placeholder;
    }

    public static String normaliseEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> answerValues = new LinkedHashMap<>();
        answers.forEach((question, values) -> answerValues.put(question,
                AttributeValue.fromL(values.stream().map(Attributes::s).toList())));
        return Attributes.writer()
                .string(TableSchema.REGISTRATION_ID, registrationId)
                .string(TableSchema.EVENT_ID, eventId)
                .string(TableSchema.ITEM_TYPE, ItemType.REGISTRATION.value())
                .string(ATTENDEE_NAME, attendeeName)
                .string(TableSchema.ATTENDEE_EMAIL, attendeeEmail)
                .string(STATUS, status.value())
                .string(TableSchema.CHECK_IN_STATUS, checkInStatusKey())
                .instant(TableSchema.REGISTRATION_DATE, registeredAt)
                .value(ANSWERS, AttributeValue.fromM(answerValues))
                .instant(CHECKED_IN_AT, checkedInAt)
                .string(CHECKED_IN_GATE, checkedInGate)
                .bool(INSIDE, inside)
                .number(VERSION, version)
                .number(TICKET_VERSION, ticketVersion)
                .number(TableSchema.TTL, ttl)
                .build();
    }

    public static RegistrationItem from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        Map<String, List<String>> answers = new LinkedHashMap<>();
        a.map(ANSWERS).forEach((question, value) -> answers.put(question,
                value.hasL() ? value.l().stream().map(AttributeValue::s).toList() : List.of()));
        return new RegistrationItem(a.requiredString(TableSchema.REGISTRATION_ID),
                a.requiredString(TableSchema.EVENT_ID), a.string(ATTENDEE_NAME), a.string(TableSchema.ATTENDEE_EMAIL),
                RegistrationStatus.fromValue(a.requiredString(STATUS)), a.instant(TableSchema.REGISTRATION_DATE),
                Map.copyOf(answers), a.instant(CHECKED_IN_AT), a.string(CHECKED_IN_GATE), a.bool(INSIDE),
                a.number(VERSION, 0), a.number(TICKET_VERSION, FIRST_TICKET_VERSION), a.number(TableSchema.TTL));
    }
}
