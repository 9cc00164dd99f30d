package io.eventplatform.shared.item;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * @param deletedAt when the material was deleted (its object has a delete marker; history kept), or null
 * @param staticKey S3 key of the copy under {@code static/} that the CDN serves while the material is public
 *        and published, or null
 * @param versions every S3 version this material has had, oldest first: who made it, when, what it holds
 */
public record MaterialItem(String materialId, String eventId, String title, String description, String fileName,
        String contentType, long size, String sha256, String objectKey, String versionId, Visibility visibility,
        boolean published, String uploadedBy, Instant updatedAt, long version, Instant deletedAt, String staticKey,
        List<VersionEntry> versions) {

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
    public static final String DELETED_AT = "deleted_at";
    public static final String STATIC_KEY = "static_key";
    public static final String VERSIONS = "versions";

    public MaterialItem {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** A material without deletion, CDN copy or recorded versions (the original shape of this item). */
    public MaterialItem(String materialId, String eventId, String title, String description, String fileName,
            String contentType, long size, String sha256, String objectKey, String versionId, Visibility visibility,
            boolean published, String uploadedBy, Instant updatedAt, long version) {
        this(materialId, eventId, title, description, fileName, contentType, size, sha256, objectKey, versionId,
                visibility, published, uploadedBy, updatedAt, version, null, null, List.of());
    }

    /**
     * One S3 version of the material's object, as the service recorded it when it made the version.
     *
     * @param versionId S3 version id
     * @param size bytes
     * @param sha256 hex SHA-256 of the bytes
     * @param contentType media type
     * @param fileName sanitised file name
     * @param uploadedBy subject of whoever made this version
     * @param uploadedAt when it was made
     * @param restoredFrom the version this one restored (a copy of), or null for an upload
     */
    public record VersionEntry(String versionId, long size, String sha256, String contentType, String fileName,
            String uploadedBy, Instant uploadedAt, String restoredFrom) {

        AttributeValue toValue() {
            return AttributeValue.fromM(Attributes.writer()
                    .string("version_id", versionId)
                    .number("size", size)
                    .string("sha256", sha256)
                    .string("content_type", contentType)
                    .string("file_name", fileName)
                    .string("uploaded_by", uploadedBy)
                    .instant("uploaded_at", uploadedAt)
                    .string("restored_from", restoredFrom)
                    .build());
        }

        static VersionEntry from(Map<String, AttributeValue> value) {
            Attributes a = Attributes.of(value);
            return new VersionEntry(a.string("version_id"), a.number("size", 0), a.string("sha256"),
                    a.string("content_type"), a.string("file_name"), a.string("uploaded_by"),
                    a.instant("uploaded_at"), a.string("restored_from"));
        }
    }

    /** Whether the material is deleted (a delete marker is its current S3 version). */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** The recorded version with this S3 version id, or null when this material never had it. */
    public VersionEntry recordedVersion(String s3VersionId) {
        return versions.stream().filter(entry -> entry.versionId().equals(s3VersionId)).findFirst().orElse(null);
    }

    /** This material's versions with one more appended. */
    public List<VersionEntry> withVersion(VersionEntry entry) {
        List<VersionEntry> all = new ArrayList<>(versions);
        all.add(entry);
        return List.copyOf(all);
    }

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
                .instant(DELETED_AT, deletedAt)
                .string(STATIC_KEY, staticKey)
                .value(VERSIONS, AttributeValue.fromL(versions.stream().map(VersionEntry::toValue).toList()))
                .build();
    }

    public static MaterialItem from(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        String hash = a.requiredString(TableSchema.REGISTRATION_ID);
        return new MaterialItem(hash.substring(ItemKeys.MATERIAL_PREFIX.length()),
                a.requiredString(TableSchema.EVENT_ID), a.string(TITLE), a.string(DESCRIPTION), a.string(FILE_NAME),
                a.string(CONTENT_TYPE), a.number(SIZE, 0), a.string(SHA256), a.string(OBJECT_KEY),
                a.string(VERSION_ID), Visibility.fromValue(a.requiredString(VISIBILITY)), a.bool(PUBLISHED),
                a.string(UPLOADED_BY), a.instant(UPDATED_AT), a.number(VERSION, 0), a.instant(DELETED_AT),
                a.string(STATIC_KEY), a.maps(VERSIONS).stream().map(VersionEntry::from).toList());
    }
}
