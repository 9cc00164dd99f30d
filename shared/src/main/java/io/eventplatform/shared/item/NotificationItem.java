package io.eventplatform.shared.item;

import java.time.Instant;
import java.util.Map;

import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An attendee email to send, keyed {@code (NOTIFICATION#<registrationId>#<key>, eventId)}: the
 * outbox item that registration-service writes in the same transaction as the change it tells
 * of. Its key is derived from the change ({@code confirmation-1}, {@code reissued-3}), so a
 * registration's notifications can be listed from the registration alone. While it is unsettled
 * (pending) it carries {@link TableSchema#NOTIFICATION_QUEUE} and {@link TableSchema#NOTIFICATION_DUE},
 * which put it on the sweep's sparse index; once sent or failed it drops off.
 *
 * @param registrationId the registration it tells about
 * @param eventId range key
 * @param key which notification of the registration: kind and sequence, e.g. {@code reissued-2}
 * @param kind what it tells
 * @param recipient the attendee's address when the change was made
 * @param createdAt when the change was made
 * @param state pending, sent or failed
 * @param attempts sending attempts made so far (claims)
 * @param dueAt when the sweep may next pick it up; null once settled
 * @param claimedUntil while a sender holds it: others leave it alone until then
 * @param claimedBy the sender instance that holds (or last held) it
 * @param sentAt when the mail server accepted it
 * @param lastError the mail server's last answer (or why it could not be reached)
 * @param resends how often an organizer asked to send it again
 * @param ttl epoch seconds after which DynamoDB may delete it: the registration's own
 */
public record NotificationItem(String registrationId, String eventId, String key, NotificationKind kind,
        String recipient, Instant createdAt, NotificationState state, int attempts, Instant dueAt,
        Instant claimedUntil, String claimedBy, Instant sentAt, String lastError, int resends, Long ttl) {

    public static final String REGISTRATION = "notification_registration_id";
    public static final String KEY = "notification_key";
    public static final String KIND = "kind";
    public static final String RECIPIENT = "recipient";
    public static final String CREATED_AT = "created_at";
    public static final String STATE = "state";
    public static final String ATTEMPTS = "attempts";
    public static final String CLAIMED_UNTIL = "claimed_until";
    public static final String CLAIMED_BY = "claimed_by";
    public static final String SENT_AT = "sent_at";
    public static final String LAST_ERROR = "last_error";
    public static final String RESENDS = "resends";

    /** What a notification tells the attendee. */
    public enum NotificationKind {
        /** A seat: the ticket, its QR code and a calendar entry. */
        CONFIRMATION,
        /** A waitlist place and its number. */
        WAITLISTED,
        /** A seat freed up and is now theirs: the ticket. */
        PROMOTED,
        /** The registration is cancelled. */
        CANCELLED,
        /** The organizer re-issued the ticket; earlier ones no longer work. */
        REISSUED;

        public String value() {
            return name().toLowerCase();
        }

        public static NotificationKind fromValue(String value) {
            return valueOf(value.toUpperCase());
        }

        /** The key of this kind's {@code sequence}-th notification of a registration. */
        public String key(long sequence) {
            return value() + "-" + sequence;
        }
    }

    /** Where a notification stands. */
    public enum NotificationState {
        /** To be sent: first attempt, or a retry once due. */
        PENDING,
        /** The mail server accepted it. */
        SENT,
        /** Refused for good, or out of attempts: organizers see it and may resend. */
        FAILED;

        public String value() {
            return name().toLowerCase();
        }

        public static NotificationState fromValue(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /** A new notification for the outbox, due for the sweep at {@code dueAt} if the feed has not sent it by then. */
    public static NotificationItem pending(RegistrationItem registration, NotificationKind kind, long sequence,
            Instant now, Instant dueAt) {
        return new NotificationItem(registration.registrationId(), registration.eventId(), kind.key(sequence), kind,
                registration.attendeeEmail(), now, NotificationState.PENDING, 0, dueAt, null, null, null, null, 0,
                registration.ttl());
    }

    /** The sweep queue of a notification: fixed by its identity, so every writer agrees on it. */
    public static String queue(String registrationId, String key) {
        return "due#" + Math.floorMod((registrationId + "#" + key).hashCode(), TableSchema.NOTIFICATION_QUEUES);
    }

    public String queue() {
        return queue(registrationId, key);
    }

    public Map<String, AttributeValue> itemKey() {
        return ItemKeys.notification(registrationId, key, eventId);
    }

    public Map<String, AttributeValue> toItem() {
        boolean unsettled = state == NotificationState.PENDING;
        return Attributes.writer()
                .value(TableSchema.REGISTRATION_ID, itemKey().get(TableSchema.REGISTRATION_ID))
                .string(TableSchema.EVENT_ID, eventId)
                .string(TableSchema.ITEM_TYPE, ItemType.NOTIFICATION.value())
                .string(REGISTRATION, registrationId)
                .string(KEY, key)
                .string(KIND, kind.value())
                .string(RECIPIENT, recipient)
                .instant(CREATED_AT, createdAt)
                .string(STATE, state.value())
                .number(ATTEMPTS, (long) attempts)
                .string(TableSchema.NOTIFICATION_QUEUE, unsettled ? queue() : null)
                .instant(TableSchema.NOTIFICATION_DUE, unsettled ? dueAt : null)
                .instant(CLAIMED_UNTIL, claimedUntil)
                .string(CLAIMED_BY, claimedBy)
                .instant(SENT_AT, sentAt)
                .string(LAST_ERROR, lastError)
                .number(RESENDS, (long) resends)
                .number(TableSchema.TTL, ttl)
                .build();
    }

    /** Whether a stored item or stream image is a notification. */
    public static boolean isNotification(Map<String, AttributeValue> item) {
        return ItemType.NOTIFICATION.value().equals(Attributes.of(item).string(TableSchema.ITEM_TYPE));
    }

    public static NotificationItem from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        return new NotificationItem(a.requiredString(REGISTRATION), a.requiredString(TableSchema.EVENT_ID),
                a.requiredString(KEY), NotificationKind.fromValue(a.requiredString(KIND)), a.string(RECIPIENT),
                a.instant(CREATED_AT), NotificationState.fromValue(a.requiredString(STATE)),
                (int) a.number(ATTEMPTS, 0), a.instant(TableSchema.NOTIFICATION_DUE), a.instant(CLAIMED_UNTIL),
                a.string(CLAIMED_BY), a.instant(SENT_AT), a.string(LAST_ERROR), (int) a.number(RESENDS, 0),
                a.number(TableSchema.TTL));
    }
}
