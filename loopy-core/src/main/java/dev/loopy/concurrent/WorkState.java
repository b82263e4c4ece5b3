package dev.loopy.concurrent;

/**
 * Where a piece of work submitted to a {@link WorkQueue} stands. Every constant has a
 * stable lower-case {@link #label() label}.
 *
 * <p>Work goes from {@link #QUEUED} to {@link #RUNNING} to one of the three settled states
 * {@link #COMPLETED}, {@link #FAILED} or {@link #CANCELLED}, which its callback receives.
 * Work the queue had no room for is {@link #REFUSED} at once and has no callback.
 */
public enum WorkState {
    /** Waiting for a thread. */
    QUEUED("queued"),
    /** Running on a worker thread. */
    RUNNING("running"),
    /** Returned a value. */
    COMPLETED("completed"),
    /** Threw. */
    FAILED("failed"),
    /** Cancelled before it settled, by its handle or by the queue's close. */
    CANCELLED("cancelled"),
    /** Not accepted: the queue was full. */
    REFUSED("refused");

    private final String label;

    WorkState(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this state.
     *
     * @return the label, for example {@code "cancelled"}
     */
    public String label() {
        return label;
    }

    /**
     * Tells whether the work is over, one way or another.
     *
     * @return true for every state but {@link #QUEUED} and {@link #RUNNING}
     */
    public boolean isSettled() {
        return this != QUEUED && this != RUNNING;
    }
}
