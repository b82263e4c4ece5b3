package dev.loopy.cli.stress;

/**
 * One violation found, for the report.
 *
 * <p>Immutable; any thread.
 *
 * @param kind what went wrong
 * @param source the source of the message, or {@link #NO_SOURCE}
 * @param sequence the sequence of the message (the first of a run of lost ones), or
 *     {@link #NO_SEQUENCE}
 * @param detail what was seen, for the person reading the report
 */
public record Violation(ViolationKind kind, int source, long sequence, String detail) {
    /** The source of a violation that concerns no message. */
    public static final int NO_SOURCE = -1;
    /** The sequence of a violation that concerns no message. */
    public static final long NO_SEQUENCE = -1;

    /**
     * Creates a violation that concerns the run rather than one message.
     *
     * @param detail what failed
     * @return the violation
     */
    public static Violation failure(String detail) {
        return new Violation(ViolationKind.FAILURE, NO_SOURCE, NO_SEQUENCE, detail);
    }

    @Override
    public String toString() {
        if (source == NO_SOURCE) {
            return kind.label() + ": " + detail;
        }
        return kind.label() + " source=" + source + " sequence=" + sequence + ": " + detail;
    }
}
