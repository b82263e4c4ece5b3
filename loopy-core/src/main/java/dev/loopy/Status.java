package dev.loopy;

/**
 * The outcome classes that loopy reports, in exceptions and in results.
 *
 * <p>Every constant has a stable lower-case {@link #label() label} for logs and metrics.
 * Expected outcomes such as {@link #WOULD_BLOCK} or {@link #TIMEOUT} are usually returned as
 * values; the others travel inside a {@link LoopyException}.
 */
public enum Status {
    /** The operation succeeded. */
    OK("ok"),
    /** A failure that none of the other constants describes, usually a system call error. */
    ERROR("error"),
    /** An argument broke its rule. */
    INVALID("invalid"),
    /** A deadline passed before the operation completed. */
    TIMEOUT("timeout"),
    /** The operation was cancelled before it completed. */
    CANCELLED("cancelled"),
    /** The handle or loop was closed. */
    CLOSED("closed"),
    /** The operation would have had to block. */
    WOULD_BLOCK("would_block"),
    /** Native or heap memory could not be had. */
    NO_MEMORY("no_memory"),
    /** The thing named does not exist. */
    NOT_FOUND("not_found"),
    /** The resource is in use or a bounded queue is full. */
    BUSY("busy"),
    /** The end of a stream was reached. */
    EOF("eof"),
    /** The call came from a thread that may not make it. */
    WRONG_THREAD("wrong_thread"),
    /** The facility is missing on this platform, kernel or backend. */
    UNSUPPORTED("unsupported");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this status.
     *
     * @return the label, for example {@code "would_block"}
     */
    public String label() {
        return label;
    }
}
