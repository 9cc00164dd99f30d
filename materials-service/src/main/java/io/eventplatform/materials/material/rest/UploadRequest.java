package io.eventplatform.materials.material.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Asks for a presigned upload: of a new material, or of a new version when {@code materialId} is given.
 *
 * @param materialId the material to add a version to; absent for a new material
 * @param title title of a new material
 * @param description description of a new material
 * @param visibility visibility of a new material (default attendees)
 * @param fileName the file's name
 * @param contentType the file's media type; the PUT must send it
 * @param size the file's exact size in bytes
 * @param sha256 hex SHA-256 of the file; the confirm checks it when given
 */
@Schema(name = "UploadRequest")
public record UploadRequest(
        @Size(max = 100) @Schema(examples = "0b5f6c1e-8d0a-4a53-9d4e-2f7e1c9a1b11") String materialId,
        @Size(max = 200) @Schema(examples = "Workshop recording") String title,
        @Size(max = 2000) String description,
        @Pattern(regexp = Visibilities.PATTERN, message = Visibilities.MESSAGE)
        @Schema(enumeration = { "public", "attendees", "checked_in" }, examples = "attendees") String visibility,
        @NotBlank @Size(max = 255) @Schema(examples = "workshop.mp4") String fileName,
        @NotBlank @Size(max = 255) @Schema(examples = "video/mp4") String contentType,
        @NotNull @Positive @Schema(examples = "157286400") Long size,
        @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits")
        @Schema(examples = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256) {
}
