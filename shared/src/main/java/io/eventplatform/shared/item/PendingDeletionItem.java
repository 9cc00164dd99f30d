package io.eventplatform.shared.item;

import java.time.Instant;
import java.util.Map;

import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A bucket object that must go, kept until it is gone: keyed {@code (PENDING_DELETIONS, <deletionId>)}.
 * materials-service writes one in the same transaction as the material change that withdraws a
 * CDN copy, and whenever deleting an object left behind by a failed write fails. It tries at once;
 * what fails is retried by a sweep with back-off, and the item is deleted when the object is gone
 * (and its CDN path invalidated).
 *
 * @param eventId the event the object belongs to
 * @param objectKey the S3 key
 * @param versionId the one version to delete, or null for every version of the key
 * @param cdnPath the public path to invalidate in the CDN once the object is gone (a withdrawn copy), or null
 * @param attempts deletions tried and failed so far
 * @param nextAttemptAt when the sweep may try next (also how long the writer's own first try owns it)
 * @param createdAt when the deletion was recorded
 * @param lastError why the last attempt failed, or null
 */
public record PendingDeletionItem(String eventId, String objectKey, String versionId, String cdnPath, long attempts,
        Instant nextAttemptAt, Instant createdAt, String lastError) {

    public static final String OBJECT_KEY = "object_key";
    public static final String VERSION_ID = "version_id";
    public static final String CDN_PATH = "cdn_path";
    public static final String ATTEMPTS = "attempts";
    public static final String NEXT_ATTEMPT_AT = "next_attempt_at";
    public static final String CREATED_AT = "created_at";
    public static final String LAST_ERROR = "last_error";
    /** The event id, stored apart because the range key holds the deletion id. */
    public static final String FOR_EVENT_ID = "for_event_id";
    /** Range-key marker of a deletion of every version of a key. */
    static final String ALL_VERSIONS = "*";

    /**
     * The range key: event, version (or {@code *}) and object key, so deleting the same thing twice
     * is the same item.
     */
    public String deletionId() {
        return eventId + "#" + (versionId == null ? ALL_VERSIONS : versionId) + "#" + objectKey;
    }

    public Map<String, AttributeValue> key() {
        return ItemKeys.pendingDeletion(deletionId());
    }

    /** The same deletion after a failed attempt, next tried at {@code next}. */
    public PendingDeletionItem failed(String error, Instant next) {
        return new PendingDeletionItem(eventId, objectKey, versionId, cdnPath, attempts + 1, next, createdAt, error);
    }

    public Map<String, AttributeValue> toItem() {
        return Attributes.writer()
                .string(TableSchema.REGISTRATION_ID, ItemKeys.PENDING_DELETIONS_PARTITION)
                .string(TableSchema.EVENT_ID, deletionId())
                .string(TableSchema.ITEM_TYPE, ItemType.PENDING_DELETION.value())
                .string(FOR_EVENT_ID, eventId)
                .string(OBJECT_KEY, objectKey)
                .string(VERSION_ID, versionId)
                .string(CDN_PATH, cdnPath)
                .number(ATTEMPTS, attempts)
                .instant(NEXT_ATTEMPT_AT, nextAttemptAt)
                .instant(CREATED_AT, createdAt)
                .string(LAST_ERROR, lastError)
                .build();
    }

    public static PendingDeletionItem from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        return new PendingDeletionItem(a.requiredString(FOR_EVENT_ID), a.requiredString(OBJECT_KEY),
                a.string(VERSION_ID), a.string(CDN_PATH), a.number(ATTEMPTS, 0), a.instant(NEXT_ATTEMPT_AT),
                a.instant(CREATED_AT), a.string(LAST_ERROR));
    }
}
