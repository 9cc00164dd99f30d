package io.eventplatform.local.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of one Markdown document, as the docs mark them:
 * <ul>
 * <li>{@code ```sh doc-test} — run it (in order, one shell per document: variables carry over);</li>
 * <li>directly after it, optionally, {@code ```json answer} (or {@code ```json answer status=404}):
 * what it prints, compared by {@link AnswerMatcher};</li>
 * <li>{@code ```sh not-run} — shown only (starts or stops the platform, a benchmark, a full build).</li>
 * </ul>
 * A shell block ({@code sh}, {@code bash}, {@code shell}, {@code console}) with neither marker is an
 * error, so no example escapes the test by accident; so is an answer block without an example before it.
 */
record DocExamples(String document, List<Example> examples, List<String> notRun) {

    /** One example: its shell text, the line it starts on, and the answer shown after it (if any). */
    record Example(String document, int line, String script, String answer, OptionalInt status) {

        String name() {
            return document + ":" + line;
        }
    }

    private static final Set<String> SHELLS = Set.of("sh", "bash", "shell", "console");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(?!`)\\s*(\\S*)(.*)$");
    private static final Pattern STATUS = Pattern.compile("\\bstatus=(\\d{3})\\b");

    static DocExamples parse(String document, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Example> examples = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        Example pending = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                if (pending != null && !lines.get(i).isBlank()) {
                    examples.add(pending);
                    pending = null;
                }
                continue;
            }
            String indent = fence.group(1);
            String language = fence.group(2);
            String markers = fence.group(3).strip();
            int start = i + 1;
            StringBuilder body = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                body.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
            }
            if (i == lines.size()) {
                throw new IllegalArgumentException(document + ":" + start + ": code block never closed");
            }
            List<String> words = List.of(markers.split("\\s+"));
            if (words.contains("answer")) {
                if (pending == null) {
                    throw new IllegalArgumentException(document + ":" + start + ": an answer block with no doc-test example right before it");
                }
                Matcher status = STATUS.matcher(markers);
                examples.add(new Example(document, pending.line(), pending.script(), body.toString(),
                        status.find() ? OptionalInt.of(Integer.parseInt(status.group(1))) : OptionalInt.empty()));
                pending = null;
                continue;
            }
            if (pending != null) {
                examples.add(pending);
                pending = null;
            }
            if (!SHELLS.contains(language)) {
                continue;
            }
            if (words.contains("doc-test")) {
                pending = new Example(document, start, body.toString(), null, OptionalInt.empty());
            } else if (words.contains("not-run")) {
                notRun.add(document + ":" + start);
            } else {
                throw new IllegalArgumentException(document + ":" + start + ": a shell example marked neither `" + language
                        + " doc-test` (run in CI) nor `" + language + " not-run` (shown only)");
            }
        }
        if (pending != null) {
            examples.add(pending);
        }
        return new DocExamples(document, examples, notRun);
    }
}
