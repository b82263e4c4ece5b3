package dev.loopy.cli.stress;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one scenario run.
 *
 * <p>Immutable; any thread.
 *
 * @param scenario the scenario's name
 * @param level the level
 * @param seed the seed, to run the same choices again
 * @param backend the loop backend's label, or {@code "default"}
 * @param elapsedNs the time the run took
 * @param sent the messages sent
 * @param received the messages received
 * @param reports one report per checker
 * @param failures the failures of the scenario itself
 */
public record StressResult(String scenario, StressLevel level, long seed, String backend,
        long elapsedNs, long sent, long received, List<SequenceReport> reports,
        List<Violation> failures) {
    /**
     * Tells whether every check passed and nothing failed.
     *
     * @return true if the run found no violation
     */
    public boolean passed() {
        return failures.isEmpty() && !reports.isEmpty()
                && reports.stream().allMatch(SequenceReport::passed);
    }

    /**
     * Returns the report: one line per check, the examples of each violation, a verdict.
     *
     * @return the lines
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (SequenceReport report : reports) {
            lines.add(report.summary());
            for (Violation example : report.examples()) {
                lines.add("       " + example);
            }
        }
        for (Violation failure : failures) {
            lines.add("FAIL " + failure);
        }
        if (reports.isEmpty() && failures.isEmpty()) {
            lines.add("FAIL " + scenario + ": no check was run");
        }
        lines.add(verdict());
        return lines;
    }

    private String verdict() {
        String head = (passed() ? "PASS " : "FAIL ") + scenario + " level=" + level.label()
                + " seed=" + seed + " backend=" + backend;
        return String.format("%s: %d checks, %d sent, %d received in %.1f s", head,
                reports.size(), sent, received, elapsedNs / 1e9);
    }
}
