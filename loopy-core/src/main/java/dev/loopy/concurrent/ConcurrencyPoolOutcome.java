package dev.loopy.concurrent;

/**
 * What an attempt to acquire slots from a {@link ConcurrencyPool} came to.
 *
 * <p>Every constant is an expected outcome, returned rather than thrown, and has a stable
 * lower-case {@link #label() label} for logs and metrics. {@link #TIMEOUT} and
 * {@link #CANCELLED} are only ever delivered to a waiting acquisition.
 */
public enum ConcurrencyPoolOutcome {
    /** The slots were granted; the caller now holds them and must release them. */
    OK("ok"),
    /** The tenant already holds as many slots as its limit allows. */
    TENANT_LIMIT("tenant_limit"),
    /** The pool as a whole already holds as many slots as the global limit allows. */
    GLOBAL_LIMIT("global_limit"),
    /** The pool has no tenant of that id, or the tenant was removed. */
    UNKNOWN_TENANT("unknown_tenant"),
    /** A waiting acquisition was not granted before its deadline. */
    TIMEOUT("timeout"),
    /** A waiting acquisition was cancelled before it was granted. */
    CANCELLED("cancelled"),
    /** The pool was closed. */
    CLOSED("closed");

    private final String label;

    ConcurrencyPoolOutcome(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this outcome.
     *
     * @return the label, for example {@code "tenant_limit"}
     */
    public String label() {
        return label;
    }

    /**
     * Tells whether the slots were granted.
     *
     * @return true for {@link #OK} only
     */
    public boolean granted() {
        return this == OK;
    }
}
