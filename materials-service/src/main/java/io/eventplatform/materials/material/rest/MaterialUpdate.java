package io.eventplatform.materials.material.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A PATCH of a material's description; absent fields stay as they are.
 *
 * @param title new title
 * @param description new description
 * @param visibility new visibility
 */
@Schema(name = "MaterialUpdate")
public record MaterialUpdate(
        @Size(min = 1, max = 200) @Schema(examples = "Keynote slides (final)") String title,
        @Size(max = 2000) @Schema(examples = "Opening keynote, day one") String description,
        @Pattern(regexp = Visibilities.PATTERN, message = Visibilities.MESSAGE)
        @Schema(enumeration = { "public", "attendees", "checked_in" }, examples = "public") String visibility) {
}
