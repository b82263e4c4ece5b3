package dev.loopy.pubsub;

/**
 * Receives the messages a hub gave up on.
 *
 * <p>Runs on the thread that settled the message for the last time: the one that called
 * {@link Message#nack()}, the one that closed the subscription, or the hub's redelivery
 * thread for delayed nacks. It must not block. Exceptions it throws are logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface DeadLetterHandler {
    /**
     * Takes a message that will not be delivered again.
     *
     * @param message the message as its last subscription saw it; settling it does nothing
     * @param reason why it was given up
     * @param subscription the subscription that held it last
     */
    void onDeadLetter(Message message, DeadLetterReason reason, Subscription subscription);
}
