package io.eventplatform.materials.material.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.eventplatform.materials.material.MaterialVersion;

/**
 * One S3 version of a material, newest first in lists.
 *
 * @param versionId S3 version id (pass it to restore)
 * @param size bytes
 * @param createdAt when it was made
 * @param current whether it is what downloads serve
 * @param deleteMarker whether it marks a deletion rather than content
 * @param sha256 hex SHA-256
 * @param contentType media type
 * @param fileName file name
 * @param createdBy who uploaded or restored it
 * @param restoredFrom the version it restored, if it is a restore
 */
@Schema(name = "MaterialVersion")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaterialVersionView(
        @Schema(examples = "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd") String versionId,
        @Schema(examples = "482133") long size,
        Instant createdAt,
        boolean current,
        boolean deleteMarker,
        String sha256,
        @Schema(examples = "application/pdf") String contentType,
        @Schema(examples = "keynote.pdf") String fileName,
        @Schema(examples = "organizer-7c1d") String createdBy,
        String restoredFrom) {

    static MaterialVersionView of(MaterialVersion v) {
        return new MaterialVersionView(v.versionId(), v.size(), v.createdAt(), v.current(), v.deleteMarker(),
                v.sha256(), v.contentType(), v.fileName(), v.createdBy(), v.restoredFrom());
    }
}
