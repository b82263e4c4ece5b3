package dev.loopy.cluster;

/**
 * The time and timers the embedded registry runs on: the loop's clock and one-shot loop
 * timers in production, a hand-driven fake in tests. Called on the loop thread only.
 */
interface RegistryScheduler {
    /**
     * Returns the current time.
     *
     * @return monotonic nanoseconds
     */
    long nowNs();

    /**
     * Runs a task once, on the loop thread, after a delay.
     *
     * @param delayNs the delay in nanoseconds, at least 0
     * @param task what to run
     * @return what cancels the task
     */
    Scheduled schedule(long delayNs, Runnable task);

    /** A task waiting for its time. */
    interface Scheduled {
        /** Keeps the task from running; does nothing once it ran. */
        void cancel();
    }
}
