package io.eventplatform.local.docs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares what an example printed with the answer its document shows. Both are one or more JSON
 * values (one per line or pretty-printed). The rules, which the docs rely on:
 * <ul>
 * <li>only the fields the document shows are compared: an answer may have more;</li>
 * <li>{@code …} stands for any value (a bare {@code …} where a value goes, or the string {@code "…"});
 * inside a string, for any text ({@code "eyJ…"}: a string starting with {@code eyJ}); an array whose last
 * element is {@code "…"} may go on with more elements; a field {@code "…"} is ignored;</li>
 * <li>{@code $NAME} or {@code ${NAME}} inside a string is the shell variable's value after the example ran;</li>
 * <li>generated values: a UUID shown matches any UUID, an instant shown ({@code 2026-11-22T09:31:02.120Z})
 * matches any instant with at most millisecond precision and the same zone form;</li>
 * <li>everything else is compared exactly (numbers by value).</li>
 * </ul>
 */
final class AnswerMatcher {

    static final String ANY = "…";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");

    private final Map<String, String> variables;

    AnswerMatcher(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The differences between the printed values and the shown ones; empty when they match. */
    List<String> differences(String shown, String printed) {
        List<JsonNode> expected;
        try {
            expected = values(withBareEllipsisQuoted(shown));
        } catch (IOException e) {
            return List.of("the answer shown in the document is not JSON: " + e.getMessage());
        }
        List<JsonNode> actual;
        try {
            actual = values(printed);
        } catch (IOException e) {
            return List.of("printed something that is not JSON: " + printed.strip());
        }
        List<String> differences = new ArrayList<>();
        if (expected.size() != actual.size()) {
            differences.add("printed " + actual.size() + " JSON value(s), the document shows " + expected.size()
                    + ": " + printed.strip());
            return differences;
        }
        for (int i = 0; i < expected.size(); i++) {
            compare(expected.size() == 1 ? "$" : "$[value " + (i + 1) + "]", expected.get(i), actual.get(i), differences);
        }
        return differences;
    }

    private static List<JsonNode> values(String text) throws IOException {
        List<JsonNode> values = new ArrayList<>();
        // One value after the other; a reader of values would take a top-level array apart.
        try (JsonParser parser = JSON.createParser(text)) {
            while (parser.nextToken() != null) {
                values.add(JSON.readTree(parser));
            }
        }
        return values;
    }

    /** A bare {@code …} (outside strings) becomes the string {@code "…"}, so the answer parses. */
    static String withBareEllipsisQuoted(String text) {
        StringBuilder quoted = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString && c == '\\') {
                quoted.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            quoted.append(!inString && c == ANY.charAt(0) ? "\"" + ANY + "\"" : String.valueOf(c));
        }
        return quoted.toString();
    }

    private void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isTextual() && expected.asText().equals(ANY)) {
            if (actual == null || actual.isMissingNode()) {
                differences.add(path + ": missing");
            }
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            differences.add(path + ": missing, the document shows " + expected);
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                differences.add(path + ": expected an object, was " + actual);
                return;
            }
            for (Iterator<Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext();) {
                Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals(ANY)) {
                    compare(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), differences);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                differences.add(path + ": expected an array, was " + actual);
                return;
            }
            boolean open = expected.size() > 0 && expected.get(expected.size() - 1).asText().equals(ANY);
            int shown = open ? expected.size() - 1 : expected.size();
            if (open ? actual.size() < shown : actual.size() != shown) {
                differences.add(path + ": " + actual.size() + " elements, the document shows " + shown
                        + (open ? " or more" : "") + ": " + actual);
                return;
            }
            for (int i = 0; i < shown; i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (expected.isTextual()) {
            String problem = compareText(expected.asText(), actual);
            if (problem != null) {
                differences.add(path + ": " + problem);
            }
        } else if (expected.isNumber() ? !(actual.isNumber() && actual.decimalValue().compareTo(expected.decimalValue()) == 0)
                : !expected.equals(actual)) {
            differences.add(path + ": expected " + expected + ", was " + actual);
        }
    }

    private String compareText(String shown, JsonNode actual) {
        String expected = expand(shown);
        if (!actual.isTextual()) {
            return "expected \"" + expected + "\", was " + actual;
        }
        String value = actual.asText();
        if (expected.contains(ANY)) {
            StringBuilder pattern = new StringBuilder();
            for (String part : expected.split(Pattern.quote(ANY), -1)) {
                pattern.append(pattern.isEmpty() ? "" : ".*").append(Pattern.quote(part));
            }
            return Pattern.compile(pattern.toString(), Pattern.DOTALL).matcher(value).matches() ? null
                    : "expected \"" + expected + "\" (… is any text), was \"" + value + "\"";
        }
        if (UUID.matcher(expected).matches()) {
            return UUID.matcher(value).matches() ? null : "expected a UUID, was \"" + value + "\"";
        }
        Matcher instant = INSTANT.matcher(expected);
        if (instant.matches()) {
            Matcher printed = INSTANT.matcher(value);
            if (!printed.matches() || !zoneForm(printed.group(2)).equals(zoneForm(instant.group(2)))) {
                return "expected an instant like \"" + expected + "\", was \"" + value + "\"";
            }
            return printed.group(1) == null || printed.group(1).length() <= 4 ? null
                    : "expected at most millisecond precision, was \"" + value + "\"";
        }
        return expected.equals(value) ? null : "expected \"" + expected + "\", was \"" + value + "\"";
    }

    private static String zoneForm(String zone) {
        return zone.equals("Z") ? "Z" : "offset";
    }

    private String expand(String text) {
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (variable.find()) {
            String value = variables.get(variable.group(1));
            variable.appendReplacement(expanded, Matcher.quoteReplacement(value == null ? variable.group() : value));
        }
        return variable.appendTail(expanded).toString();
    }
}
