package dev.loopy.internal.backend;

import java.util.Arrays;

/**
 * The completion face of the readiness backends (epoll and NIO), done in user space: operations that finished
 * but were not reaped yet, and pending timeouts ordered by deadline.
 *
 * <p>Used by one loop's thread only. Arrays grow by doubling and are then reused, so
 * submitting, cancelling and reaping allocate nothing once warm.
 *
 * <p>A no-op and a cancelled operation wait in the <em>finished</em> queue, in submission
 * order, until the next {@link #reap}. A timeout waits in a binary min-heap keyed by its
 * absolute deadline on {@link System#nanoTime()}'s scale; deadlines are compared by their
 * difference, so the scale may wrap.
 *
 * <p>Limitations: {@link #cancel} searches linearly, so it costs time proportional to the
 * number of pending operations; the readiness backends expect few, since the loop keeps its
 * timers in its own wheel.
 */
final class UserSpaceCompletions {
    /** The longest delay kept exact; longer ones are shortened to it (about 73 years). */
    static final long MAX_DELAY_NS = Long.MAX_VALUE / 4;

    private static final int INITIAL_CAPACITY = 16;

    private long[] finishedTokens = new long[INITIAL_CAPACITY];
    private int[] finishedResults = new int[INITIAL_CAPACITY];
    private int finishedCount;

    private long[] deadlinesNs = new long[INITIAL_CAPACITY];
    private long[] timeoutTokens = new long[INITIAL_CAPACITY];
    private int timeoutCount;

    /**
     * Queues a no-op, which finishes with result 0.
     *
     * @param token the operation's token
     */
    void submitNop(long token) {
        finish(token, 0);
    }

    /**
     * Queues a timeout.
     *
     * @param token the operation's token
     * @param deadlineNs when it expires, on {@link System#nanoTime()}'s scale
     */
    void submitTimeout(long token, long deadlineNs) {
        if (timeoutCount == deadlinesNs.length) {
            deadlinesNs = Arrays.copyOf(deadlinesNs, timeoutCount * 2);
            timeoutTokens = Arrays.copyOf(timeoutTokens, timeoutCount * 2);
        }
        deadlinesNs[timeoutCount] = deadlineNs;
        timeoutTokens[timeoutCount] = token;
        siftUp(timeoutCount++);
    }

    /**
     * Cancels a pending no-op or timeout, which then finishes with
     * {@link IoBackend#CANCELLED}. An operation that already finished with another result
     * is not cancelled.
     *
     * @param token the operation's token
     * @return true if a pending operation with that token was found
     */
    boolean cancel(long token) {
        for (int i = 0; i < finishedCount; i++) {
            if (finishedTokens[i] == token && finishedResults[i] == 0) {
                finishedResults[i] = IoBackend.CANCELLED;
                return true;
            }
        }
        for (int i = 0; i < timeoutCount; i++) {
            if (timeoutTokens[i] == token) {
                removeTimeoutAt(i);
                finish(token, IoBackend.CANCELLED);
                return true;
            }
        }
        return false;
    }

    /**
     * Returns how long a poll may wait so that no completion is reaped late.
     *
     * @param timeoutNs the caller's limit, or {@link IoBackend#NO_TIMEOUT}
     * @param nowNs the current time on {@link System#nanoTime()}'s scale
     * @return 0 when something finished, otherwise the smaller of {@code timeoutNs} and the
     *     time until the earliest deadline ({@link IoBackend#NO_TIMEOUT} if both are unlimited)
     */
    long waitNs(long timeoutNs, long nowNs) {
        if (finishedCount > 0) {
            return 0;
        }
        if (timeoutCount == 0) {
            return timeoutNs;
        }
        long untilDeadlineNs = Math.max(0, deadlinesNs[0] - nowNs);
        if (timeoutNs == IoBackend.NO_TIMEOUT) {
            return untilDeadlineNs;
        }
        return Math.min(timeoutNs, untilDeadlineNs);
    }

    /**
     * Moves every finished operation and every expired timeout to {@code out}: the
     * finished ones in order, then the timeouts by deadline.
     *
     * @param nowNs the current time on {@link System#nanoTime()}'s scale
     * @param out where completions are appended
     */
    void reap(long nowNs, ReadyEvents out) {
        for (int i = 0; i < finishedCount; i++) {
            out.addCompletion(finishedTokens[i], finishedResults[i]);
        }
        finishedCount = 0;
        while (timeoutCount > 0 && deadlinesNs[0] - nowNs <= 0) {
            out.addCompletion(timeoutTokens[0], IoBackend.TIMEOUT_EXPIRED);
            removeTimeoutAt(0);
        }
    }

    /**
     * Returns the number of operations not reaped yet.
     *
     * @return finished plus pending operations
     */
    int pendingCount() {
        return finishedCount + timeoutCount;
    }

    /** Forgets every operation, without completing any. */
    void clear() {
        finishedCount = 0;
        timeoutCount = 0;
    }

    private void finish(long token, int result) {
        if (finishedCount == finishedTokens.length) {
            finishedTokens = Arrays.copyOf(finishedTokens, finishedCount * 2);
            finishedResults = Arrays.copyOf(finishedResults, finishedCount * 2);
        }
        finishedTokens[finishedCount] = token;
        finishedResults[finishedCount] = result;
        finishedCount++;
    }

    private void removeTimeoutAt(int index) {
        timeoutCount--;
        if (index == timeoutCount) {
            return;
        }
        deadlinesNs[index] = deadlinesNs[timeoutCount];
        timeoutTokens[index] = timeoutTokens[timeoutCount];
        siftDown(index);
        siftUp(index);
    }

    private void siftUp(int index) {
        int child = index;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (!earlier(child, parent)) {
                return;
            }
            swap(child, parent);
            child = parent;
        }
    }

    private void siftDown(int index) {
        int parent = index;
        while (true) {
            int smallest = parent;
            int left = 2 * parent + 1;
            int right = left + 1;
            if (left < timeoutCount && earlier(left, smallest)) {
                smallest = left;
            }
            if (right < timeoutCount && earlier(right, smallest)) {
                smallest = right;
            }
            if (smallest == parent) {
                return;
            }
            swap(parent, smallest);
            parent = smallest;
        }
    }

    private boolean earlier(int a, int b) {
        return deadlinesNs[a] - deadlinesNs[b] < 0;
    }

    private void swap(int a, int b) {
        long deadlineNs = deadlinesNs[a];
        deadlinesNs[a] = deadlinesNs[b];
        deadlinesNs[b] = deadlineNs;
        long token = timeoutTokens[a];
        timeoutTokens[a] = timeoutTokens[b];
        timeoutTokens[b] = token;
    }
}
