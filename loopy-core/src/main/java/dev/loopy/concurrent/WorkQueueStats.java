package dev.loopy.concurrent;

/**
 * A snapshot of a {@link WorkQueue}'s counters.
 *
 * <p>Immutable. Read one counter after the other while workers run, so a snapshot taken
 * under load is close to, but not exactly, one instant. Every accepted piece of work ends
 * in exactly one of completed, failed and cancelled.
 *
 * @param submitted work accepted
 * @param completed work that returned a value
 * @param failed work that threw
 * @param cancelled work cancelled by its handle or by the queue's close
 * @param refused submissions refused because the queue was full
 * @param undelivered settled work whose callback could not run because the loop was closed
 * @param queued work waiting for a thread now
 * @param running work running now
 */
public record WorkQueueStats(
        long submitted,
        long completed,
        long failed,
        long cancelled,
        long refused,
        long undelivered,
        int queued,
        int running) {
}
