package io.eventplatform.materials.material.rest;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.eventplatform.materials.material.UploadService.StartedUpload;

/**
 * A presigned upload: send the file with {@code method} to {@code url} with exactly these
 * {@code headers} before {@code expiresAt}, then POST {@code confirmPath}.
 *
 * @param uploadId id to confirm with
 * @param materialId the material the upload creates or adds a version to
 * @param method HTTP method for the upload (PUT)
 * @param url presigned S3 URL
 * @param headers headers the PUT must carry (they are signed)
 * @param expiresAt when the URL stops working
 * @param confirmPath where to confirm once the PUT succeeded
 */
@Schema(name = "UploadTicket")
public record UploadTicketView(
        @Schema(examples = "5d7e6c0b-7f0e-4f4e-9a59-3c1c1b2f7a10") String uploadId,
        @Schema(examples = "0b5f6c1e-8d0a-4a53-9d4e-2f7e1c9a1b11") String materialId,
        @Schema(examples = "PUT") String method,
        String url,
        @Schema(examples = "{\"content-type\": \"video/mp4\", \"content-length\": \"157286400\"}") Map<String, String> headers,
        Instant expiresAt,
        @Schema(examples = "/api/materials/events/devconf-2026/uploads/5d7e6c0b-7f0e-4f4e-9a59-3c1c1b2f7a10/confirm") String confirmPath) {

    static UploadTicketView of(StartedUpload started) {
        var upload = started.upload();
        return new UploadTicketView(upload.uploadId(), upload.materialId(), started.put().method(),
                started.put().url(), started.put().headers(), started.put().expiresAt(),
                "/api/materials/events/" + upload.eventId() + "/uploads/" + upload.uploadId() + "/confirm");
    }
}
