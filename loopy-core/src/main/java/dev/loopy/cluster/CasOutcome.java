package dev.loopy.cluster;

/**
 * What a compare-and-set came to. Both are expected outcomes, returned rather than thrown;
 * each has a stable lower-case {@link #label() label}.
 */
public enum CasOutcome {
    /** The version matched and the new value is stored. */
    SET("set"),
    /** The version did not match; nothing changed. */
    CONFLICT("conflict");

    private final String label;

    CasOutcome(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this outcome.
     *
     * @return {@code "set"} or {@code "conflict"}
     */
    public String label() {
        return label;
    }
}
