package dev.loopy;

/**
 * Called on the loop's thread when a watched file descriptor is ready.
 *
 * <p>The read callback of a descriptor runs before its write callback when both directions
 * are ready in one iteration. Readiness is level-triggered: a callback that leaves data
 * unread is called again in the next iteration.
 */
@FunctionalInterface
public interface IoCallback {
    /**
     * Handles readiness.
     *
     * @param fd the descriptor that is ready
     * @param readiness the ready bits, {@link Interest#READ} and/or {@link Interest#WRITE}
     */
    void onReady(int fd, int readiness);
}
