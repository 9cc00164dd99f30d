package io.eventplatform.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the docs runner reads examples out of Markdown and compares answers: it must be able to fail. */
class DocExamplesTests {

    private static final String DOCUMENT = """
            # Title
            ```sh doc-test
            EVENT=$(curl -s "$API/events" | jq -r '.[0].id')
            ```

            ```json answer
            {"id":"…"}
            ```
            Prose.
            ```sh not-run
            ./platform run
            ```
            ```bash doc-test
            curl -s "$API/events/nothing"
            ```
            ```json answer status=404
            {"status":404}
            ```
            ```json
            {"type":"scan"}
            ```
            """;

    @Test
    void examplesAreReadInOrderWithTheirAnswersAndStatus() {
        DocExamples examples = DocExamples.parse("doc.md", DOCUMENT);
        assertEquals(2, examples.examples().size());
        assertEquals(2, examples.examples().get(0).line());
        assertEquals("{\"id\":\"…\"}\n", examples.examples().get(0).answer());
        assertTrue(examples.examples().get(0).status().isEmpty());
        assertEquals(404, examples.examples().get(1).status().getAsInt());
        assertEquals(List.of("doc.md:10"), examples.notRun());
    }

    @Test
    void aShellBlockThatIsNeitherRunNorMarkedShownOnlyIsAnError() {
        var unmarked = assertThrows(IllegalArgumentException.class, () -> DocExamples.parse("doc.md", "```bash\ncurl x\n```\n"));
        assertTrue(unmarked.getMessage().startsWith("doc.md:1: a shell example marked neither"), unmarked.getMessage());
        var orphan = assertThrows(IllegalArgumentException.class, () -> DocExamples.parse("doc.md", "```json answer\n{}\n```\n"));
        assertTrue(orphan.getMessage().contains("an answer block with no doc-test example"), orphan.getMessage());
    }

    @Test
    void onlyTheShownFieldsAreComparedAndEveryDifferenceIsNamed() {
        AnswerMatcher matcher = new AnswerMatcher(Map.of("EVENT_ID", "e-1"));
        String shown = """
                {"outcome":"checked_in","eventId":"$EVENT_ID","gate":"north-1","latencyMillis":…,
                 "firstCheckIn":{"at":"2026-11-22T09:31:02.120Z","gate":"north-1"}}
                """;
        assertEquals(List.of(), matcher.differences(shown, """
                {"outcome":"checked_in","eventId":"e-1","gate":"north-1","latencyMillis":3,"extra":true,
                 "firstCheckIn":{"at":"2026-12-01T10:00:00.5Z","gate":"north-1","by":"staff"}}"""));
        assertEquals(List.of("$.eventId: expected \"e-1\", was \"e-2\"", "$.gate: expected \"north-1\", was \"south-1\"",
                "$.latencyMillis: missing",
                "$.firstCheckIn.at: expected at most millisecond precision, was \"2026-12-01T10:00:00.123456789Z\""),
                matcher.differences(shown, """
                        {"outcome":"checked_in","eventId":"e-2","gate":"south-1",
                         "firstCheckIn":{"at":"2026-12-01T10:00:00.123456789Z","gate":"north-1"}}"""));
    }

    @Test
    void generatedIdsPrefixesArraysAndSequencesOfValues() {
        AnswerMatcher matcher = new AnswerMatcher(Map.of());
        assertEquals(List.of(), matcher.differences("""
                "published"
                {"id":"0d5e9f6c-3b8a-4f0e-9d7c-1a2b3c4d5e6f","ticket":"eyJ…","items":[{"n":1},"…"]}
                """, "\"published\"\n{\"id\":\"4b0c2f7e-9a51-4f3e-b7a4-0c6d2f1e8a90\",\"ticket\":\"eyJhbG\",\"items\":[{\"n\":1},{\"n\":2}]}\n"));
        assertEquals(List.of("$.id: expected a UUID, was \"evt-2026-devconf\""),
                matcher.differences("{\"id\":\"0d5e9f6c-3b8a-4f0e-9d7c-1a2b3c4d5e6f\"}", "{\"id\":\"evt-2026-devconf\"}"));
        assertEquals(List.of("$: 2 elements, the document shows 1: [1,2]"), matcher.differences("[1]", "[1,2]"));
        assertEquals(List.of("printed 1 JSON value(s), the document shows 2: \"published\""),
                matcher.differences("\"published\"\n\"cancelled\"", "\"published\""));
        assertEquals(List.of("printed something that is not JSON: <html>"), matcher.differences("{}", "<html>"));
    }
}
