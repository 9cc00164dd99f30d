package io.eventplatform.materials.storage;

/**
 * An object version this service just wrote, and what it holds.
 *
 * @param key S3 key
 * @param versionId S3 version id
 * @param size bytes written
 * @param sha256 hex SHA-256 of the bytes
 */
public record StoredObject(String key, String versionId, long size, String sha256) {
}
