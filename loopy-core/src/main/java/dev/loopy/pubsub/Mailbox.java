package dev.loopy.pubsub;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue that all shared subscriptions of one executor have in common: each entry is
 * one published message and the subscriptions it goes to.
 *
 * <p>{@link #offer} may be called from any thread; the drain runs on the executor, one run
 * at a time. The queue belongs to {@link #lock}. The engine counts the subscriptions using
 * a mailbox under its own monitor.
 */
final class Mailbox {
    private static final int MAX_BATCHES = 256;
    private static final int DELIVERY_BUDGET = 4096;

    private final Executor executor;
    private final DrainSignal signal;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private final Batch[] taken = new Batch[MAX_BATCHES];
    private volatile int depth;
    int users;

    Mailbox(Executor executor, EmbeddedEngine engine) {
        this.executor = executor;
        this.signal = new DrainSignal(executor, this::drain, engine, this);
    }

    /**
     * Queues one message for the targets that have room.
     *
     * @param envelope the message
     * @param targets shared subscriptions of this mailbox, all matching the message
     * @param smallestCapacity the smallest bound among the targets
     * @return the number of targets that took it, shifted left by one, with the low bit set
     *     if some target dropped it; read with {@link #accepted} and {@link #anyDropped}
     */
    int offer(Envelope envelope, Endpoint[] targets, int smallestCapacity) {
        boolean exact = depth >= smallestCapacity;
        Endpoint[] subset = null;
        int count = 0;
        boolean dropped = false;
        for (int i = 0; i < targets.length; i++) {
            int verdict = targets[i].claimShared(exact);
            if (verdict == Endpoint.ACCEPTED) {
                if (subset != null) {
                    subset[count] = targets[i];
                }
                count++;
            } else {
                if (subset == null) {
                    subset = Arrays.copyOf(targets, targets.length);
                }
                dropped |= verdict == Endpoint.DROPPED;
            }
        }
        if (count > 0) {
            Endpoint[] taking = subset == null ? targets : Arrays.copyOf(subset, count);
            enqueue(new Batch(envelope, taking));
        }
        return (count << 1) | (dropped ? 1 : 0);
    }

    static int accepted(int offered) {
        return offered >>> 1;
    }

    static boolean anyDropped(int offered) {
        return (offered & 1) != 0;
    }

    void close() {
        signal.close();
    }

    @Override
    public String toString() {
        return "mailbox of " + executor;
    }

    private void enqueue(Batch batch) {
        lock.lock();
        try {
            queue.addLast(batch);
            depth = queue.size();
        } finally {
            lock.unlock();
        }
        signal.wake();
    }

    private void drain() {
        try {
            signal.enter();
            deliver(take());
        } finally {
            signal.exit();
        }
        if (hasQueued()) {
            signal.wake();
        }
    }

    private int take() {
        lock.lock();
        try {
            int count = 0;
            int budget = DELIVERY_BUDGET;
            Batch batch;
            while (count < MAX_BATCHES && budget > 0 && (batch = queue.pollFirst()) != null) {
                taken[count++] = batch;
                budget -= batch.targets.length;
            }
            depth = queue.size();
            return count;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(int count) {
        for (int i = 0; i < count; i++) {
            Batch batch = taken[i];
            taken[i] = null;
            for (Endpoint target : batch.targets) {
                target.deliverShared(batch.envelope);
            }
        }
    }

    private boolean hasQueued() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** One published message and the shared subscriptions that took it. */
    private record Batch(Envelope envelope, Endpoint[] targets) {
    }
}
