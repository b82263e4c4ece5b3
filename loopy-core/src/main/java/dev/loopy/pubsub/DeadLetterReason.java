package dev.loopy.pubsub;

/**
 * Why a message was given up and handed to the dead-letter handler.
 *
 * <p>Constants are immutable and may be used on any thread.
 */
public enum DeadLetterReason {
    /** It was nacked on its last allowed attempt. */
    MAX_ATTEMPTS("max_attempts"),
    /** Its queue group has no member left to take it. */
    NO_MEMBER("no_member");

    private final String label;

    DeadLetterReason(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this reason.
     *
     * @return {@code "max_attempts"} or {@code "no_member"}
     */
    public String label() {
        return label;
    }
}
