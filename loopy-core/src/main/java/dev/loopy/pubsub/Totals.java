package dev.loopy.pubsub;

/**
 * Sums of subscription counters, for {@link HubStats}.
 *
 * <p>Not thread-safe: the engine fills one under its monitor.
 */
final class Totals {
    static final int COUNTERS = 9;

    private final long[] sums = new long[COUNTERS];

    void add(long[] more) {
        for (int i = 0; i < COUNTERS; i++) {
            sums[i] += more[i];
        }
    }

    void add(SubscriptionStats stats) {
        add(sums, stats);
    }

    static void add(long[] sums, SubscriptionStats stats) {
        sums[0] += stats.received();
        sums[1] += stats.delivered();
        sums[2] += stats.dropped();
        sums[3] += stats.acked();
        sums[4] += stats.nacked();
        sums[5] += stats.redelivered();
        sums[6] += stats.failed();
        sums[7] += stats.queued();
        sums[8] += stats.unacked();
    }

    HubStats toHubStats(long published, long unrouted, long deadLettered, int open) {
        return new HubStats(published, unrouted, sums[0], sums[1], sums[2], sums[3],
                sums[4], sums[5], deadLettered, sums[6], open, (int) sums[7],
                (int) sums[8]);
    }
}
