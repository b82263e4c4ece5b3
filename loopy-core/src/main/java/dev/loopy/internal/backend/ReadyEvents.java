package dev.loopy.internal.backend;

import java.util.Arrays;

/**
 * The events one poll produced: readiness per descriptor and completions per token, in the
 * order the kernel reported them.
 *
 * <p>Owned by one loop and used by its thread only. The arrays grow by doubling and are then
 * reused, so a poll allocates nothing once the loop has warmed up. A descriptor appears at
 * most once in the readiness list: a second report for it merges into the first.
 */
public final class ReadyEvents {
    private static final int INITIAL_CAPACITY = 64;

    private int[] fds = new int[INITIAL_CAPACITY];
    private int[] masks = new int[INITIAL_CAPACITY];
    private int readyCount;

    private long[] tokens = new long[INITIAL_CAPACITY];
    private int[] results = new int[INITIAL_CAPACITY];
    private int completionCount;

    /** Empties both lists, keeping their capacity. */
    public void clear() {
        readyCount = 0;
        completionCount = 0;
    }

    /**
     * Appends readiness for a descriptor, merging with an earlier report of the same one.
     *
     * @param fd the descriptor
     * @param mask the readiness bits, {@link IoBackend#READ} and {@link IoBackend#WRITE}
     */
    public void addReady(int fd, int mask) {
        for (int i = readyCount - 1; i >= 0 && i >= readyCount - MERGE_WINDOW; i--) {
            if (fds[i] == fd) {
                masks[i] |= mask;
                return;
            }
        }
        if (readyCount == fds.length) {
            fds = Arrays.copyOf(fds, readyCount * 2);
            masks = Arrays.copyOf(masks, readyCount * 2);
        }
        fds[readyCount] = fd;
        masks[readyCount] = mask;
        readyCount++;
    }

    /*
     * Backends report one descriptor at most twice in a poll (a read and a write
     * completion of io_uring's poll requests, close together), so merging looks back a few
     * entries only and stays O(1). The loop tolerates a rare duplicate: it re-checks the
     * registered interest before each callback.
     */
    private static final int MERGE_WINDOW = 4;

    /**
     * Appends the completion of a submitted operation.
     *
     * @param token the token the operation was submitted with
     * @param result the operation's result: at least 0 on success, a negated errno otherwise
     */
    public void addCompletion(long token, int result) {
        if (completionCount == tokens.length) {
            tokens = Arrays.copyOf(tokens, completionCount * 2);
            results = Arrays.copyOf(results, completionCount * 2);
        }
        tokens[completionCount] = token;
        results[completionCount] = result;
        completionCount++;
    }

    /**
     * Returns the number of readiness entries.
     *
     * @return the count
     */
    public int readyCount() {
        return readyCount;
    }

    /**
     * Returns the descriptor of a readiness entry.
     *
     * @param index in {@code [0, readyCount())}
     * @return the descriptor
     */
    public int fd(int index) {
        return fds[index];
    }

    /**
     * Returns the readiness bits of an entry.
     *
     * @param index in {@code [0, readyCount())}
     * @return {@link IoBackend#READ} and {@link IoBackend#WRITE} bits
     */
    public int mask(int index) {
        return masks[index];
    }

    /**
     * Returns the number of completions.
     *
     * @return the count
     */
    public int completionCount() {
        return completionCount;
    }

    /**
     * Returns the token of a completion.
     *
     * @param index in {@code [0, completionCount())}
     * @return the token
     */
    public long token(int index) {
        return tokens[index];
    }

    /**
     * Returns the result of a completion.
     *
     * @param index in {@code [0, completionCount())}
     * @return the result, a negated errno on failure
     */
    public int result(int index) {
        return results[index];
    }
}
