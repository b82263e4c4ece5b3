package dev.loopy.util;

/**
 * The algorithms a {@link RateLimiter} can run, each with a stable lower-case label.
 *
 * <p>Constants may be used from any thread.
 */
public enum RateLimitAlgorithm {
    /**
     * A bucket of up to {@code burst} permits, refilled continuously at the rate; a request
     * is admitted when the bucket holds its permits. Allows bursts after quiet periods.
     */
    TOKEN_BUCKET("token_bucket"),
    /**
     * A meter that fills by each admitted permit and drains continuously at the rate; a
     * request is admitted when its permits fit under {@code burst}. Admits exactly what a
     * token bucket of the same rate and burst admits, counted from the other side: the
     * level is the work still queued, not the credit left.
     */
    LEAKY_BUCKET("leaky_bucket"),
    /**
     * At most the rate's permits in each window of the period, windows laid end to end
     * from the limiter's creation. Cheap, but up to twice the limit can pass around a
     * window boundary.
     */
    FIXED_WINDOW("fixed_window"),
    /**
     * At most the rate's permits in any interval of the period's length, kept as a log of
     * the admission time of every permit still inside the window. Precise, at a memory cost
     * of up to one {@code long} per permit of the limit for each key.
     */
    SLIDING_WINDOW("sliding_window");

    private final String label;

    RateLimitAlgorithm(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this algorithm.
     *
     * @return the label, for example {@code "token_bucket"}
     */
    public String label() {
        return label;
    }
}
