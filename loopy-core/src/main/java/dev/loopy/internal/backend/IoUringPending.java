package dev.loopy.internal.backend;

import dev.loopy.internal.linux.Timespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The operations an io_uring backend submitted under loop tokens and has not reaped
 * yet: for each token whether it was cancelled, and the native timespec of a
 * timeout.
 *
 * <p>Used by the loop's thread only. Tokens live in an open-addressing table of
 * primitive longs (linear probing, deletion by backward shift), so lookups allocate
 * nothing; the table doubles when half full. Timespecs come from chunks of native
 * memory carved out of the backend's arena and recycled through a free list; they
 * stay allocated until the arena is closed, after the ring, so memory the kernel
 * was given is never released while a request could still refer to it.
 */
final class IoUringPending {
    /** The slot value of an operation without a timespec. */
    static final int NO_TIMESPEC = -1;

    private static final long EMPTY = -1L;
    private static final int CANCELLED_BIT = 1;
    private static final int INITIAL_CAPACITY = 64;
    private static final int TIMESPECS_PER_CHUNK = 64;

    private final Arena arena;
    private long[] keys = newKeys(INITIAL_CAPACITY);
    private int[] values = new int[INITIAL_CAPACITY];
    private int size;

    private MemorySegment[] chunks = new MemorySegment[4];
    private int chunkCount;
    private int[] freeTimespecs = new int[TIMESPECS_PER_CHUNK];
    private MemorySegment[] timespecs = new MemorySegment[TIMESPECS_PER_CHUNK];
    private int freeCount;

    IoUringPending(Arena arena) {
        this.arena = arena;
    }

    /**
     * Returns the number of pending operations.
     *
     * @return the count
     */
    int size() {
        return size;
    }

    /**
     * Tells whether an operation with this token is pending.
     *
     * @param token a loop token
     * @return true if it was added and not removed
     */
    boolean contains(long token) {
        return find(token) >= 0;
    }

    /**
     * Records a pending operation.
     *
     * @param token a loop token, at least 0, not pending
     * @param timespec a slot from {@link #allocateTimespec()}, or
     *     {@link #NO_TIMESPEC}
     */
    void add(long token, int timespec) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(token, (timespec + 1) << 1);
    }

    /**
     * Marks a pending operation as cancelled, so that its completion reports
     * cancellation whatever the kernel says.
     *
     * @param token a loop token
     * @return true if it was pending and not marked before
     */
    boolean markCancelled(long token) {
        int index = find(token);
        if (index < 0 || (values[index] & CANCELLED_BIT) != 0) {
            return false;
        }
        values[index] |= CANCELLED_BIT;
        return true;
    }

    /**
     * Removes a pending operation and frees its timespec.
     *
     * @param token a loop token
     * @return -1 if it was not pending; 1 if it was marked cancelled; 0 otherwise
     */
    int remove(long token) {
        int index = find(token);
        if (index < 0) {
            return -1;
        }
        int value = values[index];
        int timespec = (value >>> 1) - 1;
        if (timespec != NO_TIMESPEC) {
            freeTimespec(timespec);
        }
        delete(index);
        return value & CANCELLED_BIT;
    }

    /**
     * Takes a timespec slot, growing the pool by a chunk when none is free.
     *
     * @return the slot
     */
    int allocateTimespec() {
        if (freeCount == 0) {
            addChunk();
        }
        return freeTimespecs[--freeCount];
    }

    /**
     * Writes a relative time into a timespec slot.
     *
     * @param slot a slot from {@link #allocateTimespec()}
     * @param durationNs the time in nanoseconds, at least 0
     * @return the slot's native address, for the SQE
     */
    long writeTimespec(int slot, long durationNs) {
        MemorySegment timespec = timespecs[slot];
        Timespec.set(timespec, durationNs);
        return timespec.address();
    }

    private void freeTimespec(int slot) {
        freeTimespecs[freeCount++] = slot;
    }

    private void addChunk() {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        MemorySegment chunk =
                arena.allocate(Timespec.KERNEL_TIMESPEC, TIMESPECS_PER_CHUNK);
        chunks[chunkCount] = chunk;
        int first = chunkCount * TIMESPECS_PER_CHUNK;
        chunkCount++;
        int total = chunkCount * TIMESPECS_PER_CHUNK;
        if (freeTimespecs.length < total) {
            freeTimespecs = Arrays.copyOf(freeTimespecs, total);
            timespecs = Arrays.copyOf(timespecs, total);
        }
        long size = Timespec.KERNEL_TIMESPEC.byteSize();
        for (int i = TIMESPECS_PER_CHUNK - 1; i >= 0; i--) {
            timespecs[first + i] = chunk.asSlice(i * size, size);
            freeTimespecs[freeCount++] = first + i;
        }
    }

    private int find(long token) {
        int mask = keys.length - 1;
        int index = hash(token) & mask;
        while (keys[index] != EMPTY) {
            if (keys[index] == token) {
                return index;
            }
            index = (index + 1) & mask;
        }
        return -1;
    }

    private void insert(long token, int value) {
        int mask = keys.length - 1;
        int index = hash(token) & mask;
        while (keys[index] != EMPTY) {
            index = (index + 1) & mask;
        }
        keys[index] = token;
        values[index] = value;
        size++;
    }

    /*
     * Backward-shift deletion: each later entry of the probe run moves into the
     * hole when its home slot does not lie cyclically between the hole and its
     * current slot.
     */
    private void delete(int hole) {
        int mask = keys.length - 1;
        int index = (hole + 1) & mask;
        while (keys[index] != EMPTY) {
            int home = hash(keys[index]) & mask;
            if (((index - home) & mask) >= ((index - hole) & mask)) {
                keys[hole] = keys[index];
                values[hole] = values[index];
                hole = index;
            }
            index = (index + 1) & mask;
        }
        keys[hole] = EMPTY;
        size--;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = newKeys(oldKeys.length * 2);
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static long[] newKeys(int capacity) {
        long[] fresh = new long[capacity];
        Arrays.fill(fresh, EMPTY);
        return fresh;
    }

    private static int hash(long token) {
        long mixed = token * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
