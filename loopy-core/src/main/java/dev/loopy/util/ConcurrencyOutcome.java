package dev.loopy.util;

/**
 * What {@link ConcurrencyLimiter#tryAcquire(Object)} returns, with a stable lower-case
 * label.
 *
 * <p>Constants may be used from any thread.
 */
public enum ConcurrencyOutcome {
    /** A slot was taken; the caller must release it exactly once. */
    ACQUIRED("acquired"),
    /** The key already holds its most slots; nothing was taken. */
    KEY_LIMIT("key_limit"),
    /** The limiter as a whole holds its most slots; nothing was taken. */
    GLOBAL_LIMIT("global_limit");

    private final String label;

    ConcurrencyOutcome(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this outcome.
     *
     * @return the label, for example {@code "key_limit"}
     */
    public String label() {
        return label;
    }
}
