package io.eventplatform.shared.item;

import java.time.Instant;
import java.util.Map;

import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A material's metadata, keyed {@code (MATERIAL#<materialId>, eventId)}; the bytes are an S3
 * object. Written by materials-service; its publication reaches dashboards through the stream.
 *
 * @param materialId hash key without its prefix
 * @param eventId range key
 * @param title display title
 * @param description may be null
 * @param fileName sanitised file name
 * @param contentType media type of the current version
 * @param size bytes of the current version
 * @param sha256 hex SHA-256 of the current version
 * @param objectKey S3 key of the object
 * @param versionId S3 version id of the current version
 * @param visibility who may download it
 * @param published whether attendees can see it
 * @param uploadedBy subject of the uploader of the current version
 * @param updatedAt when the current version or its metadata changed
 * @param version incremented on every write, for conditional updates
 */
public record MaterialItem(String materialId, String eventId, String title, String description, String fileName,
        String contentType, long size, String sha256, String objectKey, String versionId, Visibility visibility,
        boolean published, String uploadedBy, Instant updatedAt, long version) {

    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String FILE_NAME = "file_name";
    public static final String CONTENT_TYPE = "content_type";
    public static final String SIZE = "size";
    public static final String SHA256 = "sha256";
    public static final String OBJECT_KEY = "object_key";
    public static final String VERSION_ID = "version_id";
    public static final String VISIBILITY = "visibility";
    public static final String PUBLISHED = "published";
    public static final String UPLOADED_BY = "uploaded_by";
    public static final String UPDATED_AT = "updated_at";
    public static final String VERSION = "version";

    /** Who may download a material. */
    public enum Visibility {
        /** Anyone, also through the CDN. */
        PUBLIC,
        /** Holders of any valid ticket of the event. */
        ATTENDEES,
        /** Holders of a ticket already checked in. */
        CHECKED_IN;

        public String value() {
            return name().toLowerCase();
        }

        public static Visibility fromValue(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    public Map<String, AttributeValue> toItem() {
        return Attributes.writer()
                .string(TableSchema.REGISTRATION_ID, ItemKeys.MATERIAL_PREFIX + materialId)
                .string(TableSchema.EVENT_ID, eventId)
                .string(TableSchema.ITEM_TYPE, ItemType.MATERIAL.value())
                .string(TITLE, title)
                .string(DESCRIPTION, description)
                .string(FILE_NAME, fileName)
                .string(CONTENT_TYPE, contentType)
                .number(SIZE, size)
                .string(SHA256, sha256)
                .string(OBJECT_KEY, objectKey)
                .string(VERSION_ID, versionId)
                .string(VISIBILITY, visibility.value())
                .bool(PUBLISHED, published)
                .string(UPLOADED_BY, uploadedBy)
                .instant(UPDATED_AT, updatedAt)
                .number(VERSION, version)
                .build();
    }

    public static MaterialItem from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        String hash = a.requiredString(TableSchema.REGISTRATION_ID);
        return new MaterialItem(hash.substring(ItemKeys.MATERIAL_PREFIX.length()),
                a.requiredString(TableSchema.EVENT_ID), a.string(TITLE), a.string(DESCRIPTION), a.string(FILE_NAME),
                a.string(CONTENT_TYPE), a.number(SIZE, 0), a.string(SHA256), a.string(OBJECT_KEY),
                a.string(VERSION_ID), Visibility.fromValue(a.requiredString(VISIBILITY)), a.bool(PUBLISHED),
                a.string(UPLOADED_BY), a.instant(UPDATED_AT), a.number(VERSION, 0));
    }
}
