package dev.loopy.pubsub;

import java.util.Objects;

/**
 * What a publish did: its {@link PublishOutcome outcome} and how many subscriptions took the
 * message.
 *
 * <p>Immutable; may be shared across threads. Results for small counts are cached, so
 * publishing allocates none for them.
 */
public final class PublishResult {
    private static final int CACHED_COUNTS = 1024;
    private static final PublishResult[][] CACHE = buildCache();

    private final PublishOutcome outcome;
    private final int delivered;

    private PublishResult(PublishOutcome outcome, int delivered) {
        this.outcome = outcome;
        this.delivered = delivered;
    }

    /**
     * Returns the result for an outcome and a count. For backends; users only read results.
     *
     * @param outcome how the publish ended
     * @param delivered how many subscriptions took the message, a queue group counting once
     * @return the result, a cached one when {@code delivered} is small
     * @throws NullPointerException if {@code outcome} is null
     * @throws IllegalArgumentException if {@code delivered} is negative
     */
    public static PublishResult of(PublishOutcome outcome, int delivered) {
        Objects.requireNonNull(outcome, "outcome");
        if (delivered < 0) {
            throw new IllegalArgumentException("delivered=" + delivered + " (expected >= 0)");
        }
        if (delivered < CACHED_COUNTS) {
            return CACHE[outcome.ordinal()][delivered];
        }
        return new PublishResult(outcome, delivered);
    }

    /**
     * Returns how the publish ended.
     *
     * @return the outcome
     */
    public PublishOutcome outcome() {
        return outcome;
    }

    /**
     * Returns how many subscriptions took the message: each broadcast subscription counts
     * once, each queue group once. A message queued for deferred delivery counts.
     *
     * @return zero or more
     */
    public int delivered() {
        return delivered;
    }

    /**
     * Tells whether every matching subscription took the message.
     *
     * @return true if the outcome is {@link PublishOutcome#DELIVERED}
     */
    public boolean isDelivered() {
        return outcome == PublishOutcome.DELIVERED;
    }

    /** Returns the outcome's label and the count, as in {@code delivered(3)}. */
    @Override
    public String toString() {
        return outcome.label() + "(" + delivered + ")";
    }

    /** Results are equal when their outcomes and counts are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PublishResult result
                && result.outcome == outcome && result.delivered == delivered;
    }

    @Override
    public int hashCode() {
        return outcome.hashCode() * 31 + delivered;
    }

    private static PublishResult[][] buildCache() {
        PublishOutcome[] outcomes = PublishOutcome.values();
        PublishResult[][] cache = new PublishResult[outcomes.length][CACHED_COUNTS];
        for (PublishOutcome outcome : outcomes) {
            for (int count = 0; count < CACHED_COUNTS; count++) {
                cache[outcome.ordinal()][count] = new PublishResult(outcome, count);
            }
        }
        return cache;
    }
}
