package dev.loopy.concurrent;

/**
 * The kind of thread a {@link WorkQueue} runs its work on. Every constant has a stable
 * lower-case {@link #label() label}.
 */
public enum WorkQueueMode {
    /**
     * A fixed pool of platform threads, started with the queue. For work that computes, and
     * for work that blocks in native code (FFM downcalls, blocking system calls), which
     * would pin the carrier of a virtual thread.
     */
    PLATFORM("platform"),
    /**
     * One new virtual thread per piece of work, with a bound on how many run at once. For
     * work that blocks in Java I/O (sockets, files, HTTP clients), which unmounts the
     * virtual thread instead of holding a carrier. Never for blocking native calls.
     */
    VIRTUAL("virtual");

    private final String label;

    WorkQueueMode(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this mode.
     *
     * @return {@code "platform"} or {@code "virtual"}
     */
    public String label() {
        return label;
    }
}
