package io.eventplatform.registration.registration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventplatform.shared.item.EventItem.Question;
import io.eventplatform.shared.problem.Problem.Violation;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/** Checks answers against an event's questions; every problem is reported per field at once. */
final class AnswerValidator {

    private AnswerValidator() {
    }

    /** The answers to store (only questions answered), or a 400 listing every invalid answer. */
    static Map<String, List<String>> validate(List<Question> questions, Map<String, List<String>> given) {
        Map<String, List<String>> answers = given == null ? Map.of() : given;
        List<Violation> violations = new ArrayList<>();
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        var known = new HashSet<String>();
        for (Question question : questions) {
            known.add(question.id());
            String field = "answers." + question.id();
            List<String> values = answers.getOrDefault(question.id(), List.of()).stream()
                    .map(String::strip).filter(v -> !v.isEmpty()).toList();
            if (values.isEmpty()) {
                if (question.required()) {
                    violations.add(new Violation(field, "is required"));
                }
                continue;
            }
            String problem = switch (question.type()) {
                case TEXT -> values.size() == 1 ? null : "takes one text value";
                case SINGLE_CHOICE -> values.size() == 1 && question.options().contains(values.get(0)) ? null
                        : "must be one of " + question.options();
                case MULTIPLE_CHOICE -> question.options().containsAll(values) && new HashSet<>(values).size() == values.size()
                        ? null : "must be distinct values from " + question.options();
                case CHECKBOX -> !(values.size() == 1 && (values.get(0).equals("true") || values.get(0).equals("false")))
                        ? "must be \"true\" or \"false\""
                        : question.required() && values.get(0).equals("false") ? "must be ticked" : null;
            };
            if (problem != null) {
                violations.add(new Violation(field, problem));
            } else {
                accepted.put(question.id(), values);
            }
        }
        answers.keySet().stream().filter(id -> !known.contains(id)).sorted()
                .forEach(id -> violations.add(new Violation("answers." + id, "is not a question of this event")));
        if (!violations.isEmpty()) {
            throw new ProblemException(400, ProblemType.VALIDATION, "Some answers are missing or invalid.", violations);
        }
        return accepted;
    }
}
