package io.eventplatform.materials.storage;

import java.time.Instant;

/**
 * One entry of an object's S3 history.
 *
 * @param versionId S3 version id
 * @param size bytes (0 for a delete marker)
 * @param lastModified when S3 made this version
 * @param latest whether it is the object's current version
 * @param deleteMarker whether it is a delete marker rather than content
 */
public record ObjectVersion(String versionId, long size, Instant lastModified, boolean latest,
        boolean deleteMarker) {
}
