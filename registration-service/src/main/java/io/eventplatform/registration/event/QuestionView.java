package io.eventplatform.registration.event;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.eventplatform.shared.item.EventItem.Question;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A custom question as attendees see it. */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "A custom question")
public record QuestionView(@Schema(examples = "diet") String id, @Schema(examples = "Dietary requirements") String label,
        @Schema(examples = "single_choice") String type, boolean required,
        @Schema(examples = "[\"none\", \"vegetarian\", \"vegan\"]") List<String> options) {

    static QuestionView of(Question question) {
        return new QuestionView(question.id(), question.label(), question.type().value(), question.required(),
                question.options());
    }
}
