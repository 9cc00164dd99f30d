package io.eventplatform.materials.material;

import java.time.Instant;

/**
 * One version of a material as S3 holds it, with what the service recorded when making it.
 *
 * @param versionId S3 version id
 * @param size bytes (0 for a delete marker)
 * @param createdAt when S3 made it
 * @param current whether it is the object's current version
 * @param deleteMarker whether it marks a deletion
 * @param sha256 hex SHA-256, null for a delete marker
 * @param contentType media type, null for a delete marker
 * @param fileName file name, null for a delete marker
 * @param createdBy who uploaded or restored it, null for a delete marker
 * @param restoredFrom the version it restored, or null
 */
public record MaterialVersion(String versionId, long size, Instant createdAt, boolean current, boolean deleteMarker,
        String sha256, String contentType, String fileName, String createdBy, String restoredFrom) {
}
