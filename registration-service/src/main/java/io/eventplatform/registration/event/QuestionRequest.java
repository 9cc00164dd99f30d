package io.eventplatform.registration.event;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A custom question attendees answer when they register.
 *
 * @param id stable id answers refer to
 * @param label what the attendee reads
 * @param type text, single_choice, multiple_choice or checkbox
 * @param required whether an answer is needed (a required checkbox must be ticked)
 * @param options the choices, for the choice types only
 */
@Schema(description = "A custom question")
public record QuestionRequest(
        @Schema(examples = "diet") @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only letters, digits, _ and -") String id,
        @Schema(examples = "Dietary requirements") @NotBlank @Size(max = 500) String label,
        @Schema(examples = "single_choice", enumeration = { "text", "single_choice", "multiple_choice", "checkbox" })
        @NotNull @Pattern(regexp = "text|single_choice|multiple_choice|checkbox", message = "must be text, single_choice, multiple_choice or checkbox") String type,
        @Schema(examples = "true") boolean required,
        @Schema(examples = "[\"none\", \"vegetarian\", \"vegan\"]") @Size(max = 50) List<@NotBlank @Size(max = 200) String> options) {
}
