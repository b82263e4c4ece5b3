package dev.loopy.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts deliveries and opens a latch when an invocation's last one arrives.
 *
 * <p>{@link #deliver()} is for the one thread that runs the handlers; {@link #arm(long)} is
 * for the publishing thread, before it publishes.
 */
final class PubSubCounter {
    private long delivered;
    private volatile long target = Long.MAX_VALUE;
    private volatile CountDownLatch done = new CountDownLatch(0);
    private long armed;

    /**
     * Expects a number of further deliveries.
     *
     * @param deliveries how many this invocation makes
     * @return the latch that opens after the last of them
     */
    CountDownLatch arm(long deliveries) {
        CountDownLatch latch = new CountDownLatch(1);
        armed += deliveries;
        done = latch;
        target = armed;
        return latch;
    }

    /** Counts one delivery; on the handlers' thread. */
    void deliver() {
        if (++delivered == target) {
            done.countDown();
        }
    }

    /**
     * Waits for the armed deliveries.
     *
     * @param done the latch {@link #arm(long)} returned
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException if deliveries went missing
     */
    static void await(CountDownLatch done) throws InterruptedException {
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("deliveries missing after 60 s");
        }
    }
}
