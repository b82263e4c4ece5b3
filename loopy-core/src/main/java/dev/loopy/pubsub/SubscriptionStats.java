package dev.loopy.pubsub;

/**
 * A snapshot of one subscription's counters.
 *
 * <p>Immutable. Counters are read one by one without a common lock, so a snapshot taken
 * while messages flow may be off by the messages in flight.
 *
 * @param received messages the subscription took: queued for a deferred subscription,
 *     handed to the handler for a synchronous one; redeliveries included
 * @param delivered messages handed to the handler, redeliveries included
 * @param dropped messages discarded: by the overflow policy, or left queued when the
 *     subscription closed outside a queue group
 * @param acked messages settled with {@link Message#ack()}
 * @param nacked messages settled with {@link Message#nack()}, or whose handler threw under
 *     {@link AckMode#MANUAL}
 * @param redelivered messages this subscription took again after a nack or a hand-over
 * @param deadLettered messages given up after their last attempt here
 * @param failed handler calls that threw
 * @param queued messages waiting in the queue now
 * @param unacked messages handed to the handler and not settled yet
 */
public record SubscriptionStats(long received, long delivered, long dropped, long acked,
        long nacked, long redelivered, long deadLettered, long failed, int queued,
        int unacked) {
}
