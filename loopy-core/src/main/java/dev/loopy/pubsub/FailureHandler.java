package dev.loopy.pubsub;

/**
 * Receives the exceptions that message handlers throw.
 *
 * <p>Runs on the thread of the failed handler, right after it threw. It must not block.
 * Exceptions it throws are logged and otherwise ignored.
 */
@FunctionalInterface
public interface FailureHandler {
    /**
     * Takes one handler failure.
     *
     * @param message the message the handler was given
     * @param subscription the subscription whose handler threw
     * @param failure what it threw
     */
    void onFailure(Message message, Subscription subscription, RuntimeException failure);
}
