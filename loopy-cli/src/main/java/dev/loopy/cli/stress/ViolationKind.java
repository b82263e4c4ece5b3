package dev.loopy.cli.stress;

/**
 * What went wrong with a message or a run, with a stable lower-case label.
 *
 * <p>Constants may be used from any thread.
 */
public enum ViolationKind {
    /** A message that was sent never arrived. */
    LOSS("loss"),
    /** A message arrived more than once. */
    DUPLICATE("duplicate"),
    /** A message arrived after a later one from the same source, where order is promised. */
    REORDER("reorder"),
    /** A message arrived with a checksum that does not match its numbers. */
    CORRUPT("corrupt"),
    /** A message arrived that was never sent. */
    PHANTOM("phantom"),
    /** The scenario itself failed: an exception, a timeout, a broken invariant. */
    FAILURE("failure");

    private final String label;

    ViolationKind(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name.
     *
     * @return the label, for example {@code "loss"}
     */
    public String label() {
        return label;
    }
}
