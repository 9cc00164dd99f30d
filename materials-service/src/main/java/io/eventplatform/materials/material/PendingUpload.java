package io.eventplatform.materials.material;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.MaterialItem.Visibility;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A presigned upload handed out and not yet confirmed, keyed {@code (UPLOAD#<uploadId>, eventId)};
 * DynamoDB drops it through {@code ttl} a day after its link expired. Only materials-service reads it.
 *
 * @param uploadId the id the client confirms with
 * @param eventId the event the material belongs to
 * @param materialId the material it creates, or the one it adds a version to
 * @param newMaterial whether it creates the material
 * @param title title of a new material
 * @param description description of a new material, may be null
 * @param visibility visibility of a new material
 * @param fileName sanitised file name
 * @param contentType declared media type
 * @param size declared bytes
 * @param sha256 declared hex SHA-256, or null
 * @param stagingKey where the client PUTs the bytes
 * @param uploadedBy subject of the organizer who asked
 * @param expiresAt when the PUT link expires
 */
public record PendingUpload(String uploadId, String eventId, String materialId, boolean newMaterial, String title,
        String description, Visibility visibility, String fileName, String contentType, long size, String sha256,
        String stagingKey, String uploadedBy, Instant expiresAt) {

    /** How long after its link expired an unconfirmed upload can still be confirmed and is kept. */
    public static final Duration CONFIRM_GRACE = Duration.ofHours(1);
    private static final Duration KEEP = Duration.ofDays(1);

    public boolean confirmableAt(Instant now) {
        return now.isBefore(expiresAt.plus(CONFIRM_GRACE));
    }

    Map<String, AttributeValue> toItem() {
        return Attributes.writer()
                .string(TableSchema.REGISTRATION_ID, ItemKeys.UPLOAD_PREFIX + uploadId)
                .string(TableSchema.EVENT_ID, eventId)
                .string(TableSchema.ITEM_TYPE, ItemType.UPLOAD.value())
                .string("material_id", materialId)
                .bool("new_material", newMaterial)
                .string("title", title)
                .string("description", description)
                .string("visibility", visibility.value())
                .string("file_name", fileName)
                .string("content_type", contentType)
                .number("size", size)
                .string("sha256", sha256)
                .string("staging_key", stagingKey)
                .string("uploaded_by", uploadedBy)
                .instant("expires_at", expiresAt)
                .number(TableSchema.TTL, expiresAt.plus(KEEP).getEpochSecond())
                .build();
    }

    static PendingUpload from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        return new PendingUpload(a.requiredString(TableSchema.REGISTRATION_ID).substring(ItemKeys.UPLOAD_PREFIX.length()),
                a.requiredString(TableSchema.EVENT_ID), a.string("material_id"), a.bool("new_material"),
                a.string("title"), a.string("description"), Visibility.fromValue(a.requiredString("visibility")),
                a.string("file_name"), a.string("content_type"), a.number("size", 0), a.string("sha256"),
                a.string("staging_key"), a.string("uploaded_by"), a.instant("expires_at"));
    }
}
