package dev.loopy.concurrent;

/**
 * Receives how a waiting acquisition from a {@link ConcurrencyPool} ended.
 *
 * <p>Called once, on the thread of the loop named in the acquisition. An exception it throws
 * goes to that loop's error handler.
 */
@FunctionalInterface
public interface ConcurrencyPoolCallback {
    /**
     * Handles the outcome.
     *
     * @param outcome {@link ConcurrencyPoolOutcome#OK} when the slots are held (release them
     *     later), else {@link ConcurrencyPoolOutcome#TIMEOUT},
     *     {@link ConcurrencyPoolOutcome#CANCELLED}, {@link ConcurrencyPoolOutcome#CLOSED} or
     *     {@link ConcurrencyPoolOutcome#UNKNOWN_TENANT}
     */
    void onAcquire(ConcurrencyPoolOutcome outcome);
}
