package io.eventplatform.registration.registration;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An attendee registering for an event.
 *
 * @param name the attendee's name
 * @param email where the attendee is reached; one active registration per email per event
 * @param answers question id → answers: one value for text, single choice and checkbox
 *        ({@code "true"}/{@code "false"}), one or more for multiple choice
 */
@Schema(description = "A registration for an event")
public record RegistrationRequest(
        @Schema(examples = "Ada Lovelace") @NotBlank @Size(max = 200) String name,
        @Schema(examples = "ada@example.org") @NotBlank @Size(max = 254)
        @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a valid email address") String email,
        @Schema(examples = "{\"diet\": [\"vegan\"], \"terms\": [\"true\"]}")
        @Size(max = 50) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 50) List<@NotNull @Size(max = 2000) String>> answers) {
}
