package dev.loopy.cli.stress;

import java.util.List;

/**
 * What one {@link SequenceChecker} found.
 *
 * <p>Immutable; any thread.
 *
 * @param name what was checked
 * @param sent the messages sent by all sources
 * @param received the messages recorded by all observers, duplicates included
 * @param lost the messages sent and never received
 * @param duplicated the arrivals of a message already received
 * @param reordered the messages that arrived after a later one where order was promised
 * @param corrupt the messages whose checksum did not match
 * @param phantom the messages received that were never sent
 * @param examples the first violations, at most {@link SequenceChecker#MAX_EXAMPLES}
 */
public record SequenceReport(String name, long sent, long received, long lost,
        long duplicated, long reordered, long corrupt, long phantom,
        List<Violation> examples) {
    /**
     * Tells whether nothing was violated.
     *
     * @return true if every count of a violation is zero
     */
    public boolean passed() {
        return lost == 0 && duplicated == 0 && reordered == 0 && corrupt == 0
                && phantom == 0;
    }

    /**
     * Returns one line for the report.
     *
     * @return for example {@code "ok   mpmc round 1: 40000 sent, 40000 received"}
     */
    public String summary() {
        String counts = sent + " sent, " + received + " received";
        if (passed()) {
            return "ok   " + name + ": " + counts;
        }
        return "FAIL " + name + ": " + counts + "; lost " + lost + ", duplicated "
                + duplicated + ", reordered " + reordered + ", corrupt " + corrupt
                + ", phantom " + phantom;
    }
}
