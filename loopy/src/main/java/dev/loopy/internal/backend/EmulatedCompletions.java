package dev.loopy.internal.backend;

import java.util.Arrays;

/**
 * The completion face of a readiness backend, done in user space: no-ops complete at the
 * next poll, timeouts at the first poll after their deadline, cancels at once.
 *
 * <p>Used by the loop's thread only. Pending operations sit in parallel arrays in
 * submission order; the counts are small (the loop's own internal operations), so a linear
 * scan for cancel and for the earliest deadline costs less than any tree.
 */
final class EmulatedCompletions {
    private static final long NOP_DEADLINE = Long.MIN_VALUE;

    private long[] tokens = new long[8];
    private long[] deadlinesNs = new long[8];
    private int count;

    void submitNop(long token) {
        add(token, NOP_DEADLINE);
    }

    void submitTimeout(long token, long timeoutNs, long nowNs) {
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs=" + timeoutNs + " (expected >= 0)");
        }
        long deadline = nowNs + timeoutNs;
        add(token, deadline < nowNs ? Long.MAX_VALUE : deadline);
    }

    /** Removes a pending operation and reports it as cancelled; false if none has the token. */
    boolean cancel(long token, ReadyEvents cancelled) {
        for (int i = 0; i < count; i++) {
            if (tokens[i] == token) {
                removeAt(i);
                cancelled.addCompletion(token, IoBackend.CANCELLED);
                return true;
            }
        }
        return false;
    }

    /** Shortens a poll timeout so that the earliest pending operation completes in time. */
    long clampTimeout(long timeoutNs, long nowNs) {
        if (count == 0) {
            return timeoutNs;
        }
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            earliest = Math.min(earliest, deadlinesNs[i]);
        }
        long untilDue = Math.max(0L, earliest - nowNs);
        return timeoutNs == IoBackend.NO_TIMEOUT ? untilDue : Math.min(timeoutNs, untilDue);
    }

    /** Moves every due operation to {@code out}, in submission order. */
    int reap(long nowNs, ReadyEvents out) {
        int reaped = 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (deadlinesNs[i] <= nowNs) {
                int result = deadlinesNs[i] == NOP_DEADLINE ? 0 : IoBackend.TIMEOUT_EXPIRED;
                out.addCompletion(tokens[i], result);
                reaped++;
            } else {
                tokens[kept] = tokens[i];
                deadlinesNs[kept] = deadlinesNs[i];
                kept++;
            }
        }
        count = kept;
        return reaped;
    }

    boolean isEmpty() {
        return count == 0;
    }

    private void add(long token, long deadlineNs) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
            deadlinesNs = Arrays.copyOf(deadlinesNs, count * 2);
        }
        tokens[count] = token;
        deadlinesNs[count] = deadlineNs;
        count++;
    }

    private void removeAt(int index) {
        count--;
        System.arraycopy(tokens, index + 1, tokens, index, count - index);
        System.arraycopy(deadlinesNs, index + 1, deadlinesNs, index, count - index);
    }
}
