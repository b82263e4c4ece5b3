package dev.loopy.cli.stress;

import java.time.Duration;
import java.util.Locale;

/**
 * How hard a stress run pushes: how many rounds, how many messages per source and how much
 * time, with a stable lower-case label.
 *
 * <p>Constants may be used from any thread. A round ends when its sources have sent their
 * messages or its share of the budget has passed, whichever comes first; the drain that
 * follows may take up to {@link #drainTimeout()} more.
 */
public enum StressLevel {
    /** A few seconds: a smoke test for every change. */
    QUICK("quick", 3, 20_000, 2, Duration.ofSeconds(3)),
    /** About half a minute: before a merge. */
    MEDIUM("medium", 8, 2_000_000, 4, Duration.ofSeconds(30)),
    /** Minutes: before a release, or after touching a lock-free structure. */
    THOROUGH("thorough", 24, 20_000_000, 8, Duration.ofMinutes(3));

    private final String label;
    private final int rounds;
    private final long messagesPerSource;
    private final int maxWorkers;
    private final Duration budget;

    StressLevel(String label, int rounds, long messagesPerSource, int maxWorkers,
            Duration budget) {
        this.label = label;
        this.rounds = rounds;
        this.messagesPerSource = messagesPerSource;
        this.maxWorkers = maxWorkers;
        this.budget = budget;
    }

    /**
     * Finds a level by its label.
     *
     * @param label {@code quick}, {@code medium} or {@code thorough}, in any case
     * @return the level
     * @throws IllegalArgumentException if no level has that label
     */
    public static StressLevel fromLabel(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (StressLevel level : values()) {
            if (level.label.equals(wanted)) {
                return level;
            }
        }
        throw new IllegalArgumentException("level=" + label
                + " (expected quick, medium or thorough)");
    }

    /**
     * Returns the stable lower-case name.
     *
     * @return the label, for example {@code "quick"}
     */
    public String label() {
        return label;
    }

    /**
     * Returns how many configurations a scenario runs.
     *
     * @return the rounds, at least 1
     */
    public int rounds() {
        return rounds;
    }

    /**
     * Returns how many messages each source sends in a round, at most.
     *
     * @return the count, below 2^31 so that sequences index a bit set
     */
    public long messagesPerSource() {
        return messagesPerSource;
    }

    /**
     * Returns the most producers (or consumers) a round uses.
     *
     * @return the bound, at least 1
     */
    public int maxWorkers() {
        return maxWorkers;
    }

    /**
     * Returns the time all rounds share, drains excluded.
     *
     * @return the budget
     */
    public Duration budget() {
        return budget;
    }

    /**
     * Returns how long a round may wait for sent messages to arrive once sending stopped.
     *
     * @return the drain timeout
     */
    public Duration drainTimeout() {
        return Duration.ofSeconds(10);
    }
}
