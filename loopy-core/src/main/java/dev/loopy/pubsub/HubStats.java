package dev.loopy.pubsub;

/**
 * A snapshot of a hub's counters: its own, plus the sums over its subscriptions, including
 * those already closed.
 *
 * <p>Immutable. Counters are read one by one without a common lock, so a snapshot taken
 * while messages flow may be off by the messages in flight.
 *
 * @param published publish calls that reached an open hub
 * @param unrouted publishes that matched no subscription
 * @param received summed {@link SubscriptionStats#received()}
 * @param delivered summed {@link SubscriptionStats#delivered()}
 * @param dropped summed {@link SubscriptionStats#dropped()}
 * @param acked summed {@link SubscriptionStats#acked()}
 * @param nacked summed {@link SubscriptionStats#nacked()}
 * @param redelivered summed {@link SubscriptionStats#redelivered()}
 * @param deadLettered messages handed to the dead-letter handler
 * @param failed summed {@link SubscriptionStats#failed()}
 * @param subscriptions subscriptions open now
 * @param queued messages waiting in queues now
 * @param unacked messages delivered and not settled yet
 */
public record HubStats(long published, long unrouted, long received, long delivered,
        long dropped, long acked, long nacked, long redelivered, long deadLettered,
        long failed, int subscriptions, int queued, int unacked) {
}
