package io.eventplatform.shared.item;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An event item, keyed {@code (EVENT#<eventId>, eventId)}: what organizers edit and attendees see.
 * Written by registration-service; checkin and materials read it (names, capacity, state).
 *
 * @param eventId range key
 * @param name display name
 * @param description longer text, may be null
 * @param venue where it happens
 * @param startsAt start instant
 * @param endsAt end instant
 * @param timeZone IANA zone the event is local to, e.g. {@code Europe/Berlin}
 * @param capacity seats
 * @param waitlistEnabled whether registrations past capacity wait (else they are refused)
 * @param registrationOpensAt first instant registration is accepted
 * @param registrationClosesAt instant registration stops
 * @param state draft, published or closed
 * @param questions custom questions, in display order
 * @param gates the event's gates, named by its organizers: the only gates staff may scan at (a
 *        kiosk's token names its own), so per-gate counters and metrics stay bounded
 * @param version incremented on every write, for conditional updates
 */
public record EventItem(String eventId, String name, String description, String venue, Instant startsAt,
        Instant endsAt, String timeZone, int capacity, boolean waitlistEnabled, Instant registrationOpensAt,
        Instant registrationClosesAt, EventState state, List<Question> questions, List<String> gates, long version) {

    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String VENUE = "venue";
    public static final String STARTS_AT = "starts_at";
    public static final String ENDS_AT = "ends_at";
    public static final String TIME_ZONE = "time_zone";
    public static final String CAPACITY = "capacity";
    public static final String WAITLIST_ENABLED = "waitlist_enabled";
    public static final String REGISTRATION_OPENS_AT = "registration_opens_at";
    public static final String REGISTRATION_CLOSES_AT = "registration_closes_at";
    public static final String STATE = "state";
    public static final String QUESTIONS = "questions";
    public static final String GATES = "gates";
    public static final String VERSION = "version";

    /** Lifecycle of an event. */
    public enum EventState {
        DRAFT, PUBLISHED, CLOSED;

        public String value() {
            return name().toLowerCase();
        }

        public static EventState fromValue(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /** Kinds of custom question. */
    public enum QuestionType {
        TEXT, SINGLE_CHOICE, MULTIPLE_CHOICE, CHECKBOX;

        public String value() {
            return name().toLowerCase();
        }

        public static QuestionType fromValue(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /** A custom question; {@code options} only for the choice types. */
    public record Question(String id, String label, QuestionType type, boolean required, List<String> options) {
    }

    public Map<String, AttributeValue> toItem() {
        return Attributes.writer()
                .string(TableSchema.REGISTRATION_ID, ItemKeys.eventHash(eventId))
                .string(TableSchema.EVENT_ID, eventId)
                .string(TableSchema.ITEM_TYPE, ItemType.EVENT.value())
                .string(NAME, name)
                .string(DESCRIPTION, description)
                .string(VENUE, venue)
                .instant(STARTS_AT, startsAt)
                .instant(ENDS_AT, endsAt)
                .string(TIME_ZONE, timeZone)
                .number(CAPACITY, (long) capacity)
                .bool(WAITLIST_ENABLED, waitlistEnabled)
                .instant(REGISTRATION_OPENS_AT, registrationOpensAt)
                .instant(REGISTRATION_CLOSES_AT, registrationClosesAt)
                .string(STATE, state.value())
                .value(QUESTIONS, AttributeValue.fromL(questions.stream().map(EventItem::questionValue).toList()))
                .strings(GATES, gates)
                .number(VERSION, version)
                .build();
    }

    public static EventItem from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        return new EventItem(a.requiredString(TableSchema.EVENT_ID), a.string(NAME), a.string(DESCRIPTION),
                a.string(VENUE), a.instant(STARTS_AT), a.instant(ENDS_AT), a.string(TIME_ZONE),
                (int) a.number(CAPACITY, 0), a.bool(WAITLIST_ENABLED), a.instant(REGISTRATION_OPENS_AT),
                a.instant(REGISTRATION_CLOSES_AT), EventState.fromValue(a.requiredString(STATE)),
                a.maps(QUESTIONS).stream().map(EventItem::question).toList(), a.strings(GATES), a.number(VERSION, 0));
    }

    private static AttributeValue questionValue(Question question) {
        return AttributeValue.fromM(Attributes.writer()
                .string("id", question.id())
                .string("label", question.label())
                .string("type", question.type().value())
                .bool("required", question.required())
                .strings("options", question.options())
                .build());
    }

    private static Question question(Map<String, AttributeValue> value) {
        Attributes a = Attributes.of(value);
        return new Question(a.string("id"), a.string("label"), QuestionType.fromValue(a.string("type")),
                a.bool("required"), a.strings("options"));
    }
}
