package io.eventplatform.materials.material.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.eventplatform.shared.item.MaterialItem;

/**
 * A material as the API shows it.
 *
 * @param materialId its id
 * @param eventId the event it belongs to
 * @param title display title
 * @param description longer text
 * @param fileName sanitised file name of the current version
 * @param contentType media type of the current version
 * @param size bytes of the current version
 * @param sha256 hex SHA-256 of the current version
 * @param visibility public, attendees or checked_in
 * @param published whether attendees see it
 * @param currentVersionId S3 version id of the current version
 * @param uploadedBy who made the current version (shown to organizers)
 * @param updatedAt last change
 * @param deletedAt when it was deleted (only organizers see deleted materials)
 * @param version item version, grows on every change
 */
@Schema(name = "Material")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaterialView(
        @Schema(examples = "0b5f6c1e-8d0a-4a53-9d4e-2f7e1c9a1b11") String materialId,
        @Schema(examples = "devconf-2026") String eventId,
        @Schema(examples = "Keynote slides") String title,
        @Schema(examples = "Opening keynote, day one") String description,
        @Schema(examples = "keynote.pdf") String fileName,
        @Schema(examples = "application/pdf") String contentType,
        @Schema(examples = "482133") long size,
        @Schema(examples = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String sha256,
        @Schema(enumeration = { "public", "attendees", "checked_in" }, examples = "checked_in") String visibility,
        boolean published,
        @Schema(examples = "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd") String currentVersionId,
        @Schema(examples = "organizer-7c1d") String uploadedBy,
        Instant updatedAt,
        Instant deletedAt,
        @Schema(examples = "3") long version) {

    /** The full view, for organizers. */
    static MaterialView of(MaterialItem m) {
        return of(m, true);
    }

    /** The view for a reader: attendees do not learn who on the organizing team uploaded it. */
    static MaterialView of(MaterialItem m, boolean organizer) {
        return new MaterialView(m.materialId(), m.eventId(), m.title(), m.description(), m.fileName(),
                m.contentType(), m.size(), m.sha256(), m.visibility().value(), m.published(), m.versionId(),
                organizer ? m.uploadedBy() : null, m.updatedAt(), m.deletedAt(), m.version());
    }
}
