package dev.loopy.pubsub;

/**
 * Receives the messages of one subscription.
 *
 * <p>Runs on the publisher's thread for {@link DeliveryMode#SYNC} subscriptions (possibly on
 * several threads at once) and on the subscription's loop or executor for
 * {@link DeliveryMode#DEFERRED} ones (one message at a time). A handler may publish,
 * subscribe and close subscriptions. An exception it throws is counted as a failure, passed
 * to the hub's {@link HubOptions#failureHandler() failure handler}, and, under
 * {@link AckMode#MANUAL}, nacks the message.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message.
     *
     * @param message the message; under {@link AckMode#MANUAL} it must be settled with
     *     {@link Message#ack()} or {@link Message#nack()}, now or later
     */
    void onMessage(Message message);
}
