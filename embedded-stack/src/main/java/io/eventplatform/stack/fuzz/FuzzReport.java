package io.eventplatform.stack.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a fuzz run tried and what broke, per class of input; failures name their case for reproduction. */
public final class FuzzReport {

    /** Counts of one input class. */
    public static final class Tally {
        public int tried;
        public int accepted;
        public int refused;
        public int failed;
        /** Refused writes checked for "nothing written" against the table. */
        public int writeChecks;
    }

    private final String subject;
    private final long seed;
    private final Map<HostileInput.Kind, Tally> tallies = new EnumMap<>(HostileInput.Kind.class);
    private final List<String> failures = new ArrayList<>();

    public FuzzReport(String subject, long seed) {
        this.subject = subject;
        this.seed = seed;
        for (HostileInput.Kind kind : HostileInput.Kind.values()) {
            tallies.put(kind, new Tally());
        }
    }

    public Tally tally(HostileInput.Kind kind) {
        return tallies.get(kind);
    }

    public synchronized void fail(HostileInput.Kind kind, int caseNumber, String what) {
        tallies.get(kind).failed++;
        if (failures.size() < 50) {
            failures.add("case " + caseNumber + " (" + kind + "): " + what);
        }
    }

    public List<String> failures() {
        return failures;
    }

    public int tried() {
        return tallies.values().stream().mapToInt(t -> t.tried).sum();
    }

    /** A table for the log and the issue note. */
    public String table() {
        StringBuilder table = new StringBuilder();
        table.append("fuzz ").append(subject).append(" (seed ").append(seed).append(", -Dfuzz.seed=").append(seed)
                .append(" reproduces it)\n");
        table.append(String.format("| %-16s | %6s | %8s | %7s | %6s | %12s |%n", "input class", "tried", "accepted",
                "refused", "failed", "write checks"));
        tallies.forEach((kind, t) -> table.append(String.format("| %-16s | %6d | %8d | %7d | %6d | %12d |%n",
                kind.name().toLowerCase(), t.tried, t.accepted, t.refused, t.failed, t.writeChecks)));
        failures.forEach(failure -> table.append("  FAILED ").append(failure).append('\n'));
        return table.toString();
    }
}
