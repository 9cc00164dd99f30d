package io.eventplatform.local.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a document's examples as a reader would: in order, in bash, in one working directory (the
 * reader's checkout: {@code ./platform} is there), with each example seeing the variables the ones
 * before it set. The only liberties: {@code localhost:8080} becomes the port of the platform under
 * test, and {@code curl} reports each answer's status (on stderr) so that an error answer fails the
 * example unless its shown answer names that status.
 */
final class DocRunner {

    /** What an example did: its exit code, what it printed, each curl answer's status, and its variables afterwards. */
    record Outcome(int exitCode, String stdout, String stderr, List<Integer> statuses, Map<String, String> variables) {
    }

    private static final String STATUS_MARK = "doc-test-status ";
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^" + STATUS_MARK + "(\\d{3})\\n?");
    private static final int EXAMPLE_TIMEOUT_SECONDS = 60;

    private final Path workDir;
    private final Path stateDir;
    private final int gatewayPort;
    private final List<Path> path;

    DocRunner(Path workDir, int gatewayPort, List<Path> path) throws IOException {
        this.workDir = workDir;
        this.stateDir = Files.createDirectories(workDir.resolve(".doc-test"));
        this.gatewayPort = gatewayPort;
        this.path = path;
    }

    String localised(String text) {
        return text.replace("localhost:8080", "localhost:" + gatewayPort);
    }

    /** Runs one example of {@code document}, after the ones before it. */
    Outcome run(String document, String script) throws IOException, InterruptedException {
        String state = stateDir.resolve(document.replaceAll("[^A-Za-z0-9]", "_")).toString();
        String wrapper = """
                set -euo pipefail
                doc_test_before=$(compgen -v)
                if [ -f '%1$s.sh' ]; then source '%1$s.sh'; fi
                curl() { command curl --write-out '%%{stderr}%2$s%%{http_code}\\n' "$@"; }
                doc_test_save() {
                  local name names declaration
                  names=$(comm -13 <(sort <<< "$doc_test_before") <(compgen -v | sort) | grep -v '^doc_test_' || true)
                  : > '%1$s.sh'; : > '%1$s.vars'
                  for name in $names; do
                    # Plain and exported variables: not bash's own arrays (FUNCNAME, BASH_*) or read-only ones.
                    declaration=$(declare -p "$name")
                    case "$declaration" in
                      "declare -- "*|"declare -x "*)
                        printf '%%s\\n' "$declaration" >> '%1$s.sh'
                        printf '%%s=%%s\\0' "$name" "${!name}" >> '%1$s.vars' ;;
                    esac
                  done
                }
                trap doc_test_save EXIT
                %3$s
                """.formatted(state, STATUS_MARK, localised(script));
        Path scriptFile = stateDir.resolve("example.sh");
        Files.writeString(scriptFile, wrapper);
        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString()).directory(workDir.toFile());
        String searchPath = String.join(":", path.stream().map(Path::toString).toList());
        builder.environment().put("PATH", searchPath + ":" + System.getenv("PATH"));
        Path stdout = stateDir.resolve("stdout");
        Path stderr = stateDir.resolve("stderr");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        if (!process.waitFor(EXAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Outcome(-1, Files.readString(stdout), "timed out after " + EXAMPLE_TIMEOUT_SECONDS + " s\n"
                    + Files.readString(stderr), List.of(), Map.of());
        }
        String errors = Files.readString(stderr);
        List<Integer> statuses = new ArrayList<>();
        Matcher status = STATUS_LINE.matcher(errors);
        while (status.find()) {
            statuses.add(Integer.parseInt(status.group(1)));
        }
        return new Outcome(process.exitValue(), Files.readString(stdout), STATUS_LINE.matcher(errors).replaceAll(""),
                statuses, variables(Path.of(state + ".vars")));
    }

    private static Map<String, String> variables(Path file) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String entry : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0")) {
                int split = entry.indexOf('=');
                if (split > 0) {
                    variables.put(entry.substring(0, split), entry.substring(split + 1));
                }
            }
        }
        return variables;
    }
}
