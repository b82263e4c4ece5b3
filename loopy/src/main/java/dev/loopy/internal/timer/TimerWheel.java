package dev.loopy.internal.timer;

import java.util.Arrays;

/**
 * The timers of one loop, ordered by deadline.
 *
 * <p>Used by the loop's thread only. Timers live in parallel arrays indexed by slot; an id
 * packs the slot and its generation, so a stale id is refused. A binary heap of slots
 * orders them by deadline.
 */
public final class TimerWheel {
    /** The deadline reported when no timer is pending. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** The resolution of the finest level, in nanoseconds. */
    public static final long DEFAULT_TICK_NS = 1_000L;

    private static final int NOT_QUEUED = -1;
    private static final int DEFERRED = -2;

    private long[] deadlines;
    private Object[] owners;
    private int[] generations;
    private int[] heapIndex;
    private int[] heap;
    private int[] freeList;
    private int freeCount;
    private int used;
    private int size;
    private int epoch;
    private int[] epochs;
    private int[] deferred = new int[16];

    /**
     * Creates an empty wheel.
     *
     * @param startNs the clock reading at creation
     * @param tickNs the resolution of the finest level
     * @param initialCapacity the number of timers held before the arrays first grow
     */
    public TimerWheel(long startNs, long tickNs, int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        deadlines = new long[capacity];
        owners = new Object[capacity];
        generations = new int[capacity];
        heapIndex = new int[capacity];
        heap = new int[capacity];
        freeList = new int[capacity];
        epochs = new int[capacity];
    }

    /**
     * Schedules a timer.
     *
     * @param deadlineNs when it is due
     * @param owner handed back to the expiry handler
     * @return the timer's id, never 0
     */
    public long schedule(long deadlineNs, Object owner) {
        int slot = takeSlot();
        deadlines[slot] = deadlineNs;
        owners[slot] = owner;
        epochs[slot] = epoch;
        heap[size] = slot;
        heapIndex[slot] = size;
        siftUp(size++);
        return idOf(slot);
    }

    /**
     * Cancels a pending timer.
     *
     * @param timerId an id from {@link #schedule}
     * @return true if it was pending
     */
    public boolean cancel(long timerId) {
        int slot = slotOf(timerId);
        if (slot < 0) {
            return false;
        }
        if (heapIndex[slot] != DEFERRED) {
            removeAt(heapIndex[slot]);
        }
        freeSlot(slot);
        return true;
    }

    /**
     * Tells whether a timer is pending.
     *
     * @param timerId an id from {@link #schedule}
     * @return true if it will fire
     */
    public boolean isPending(long timerId) {
        return slotOf(timerId) >= 0;
    }

    /**
     * Returns a pending timer's deadline.
     *
     * @param timerId an id from {@link #schedule}
     * @return the deadline, or {@link #NO_DEADLINE}
     */
    public long deadlineOf(long timerId) {
        int slot = slotOf(timerId);
        return slot < 0 ? NO_DEADLINE : deadlines[slot];
    }

    /**
     * Returns the earliest pending deadline.
     *
     * @return the deadline, or {@link #NO_DEADLINE} when none is pending
     */
    public long nextDeadlineNs() {
        return size == 0 ? NO_DEADLINE : deadlines[heap[0]];
    }

    /**
     * Fires every timer due at {@code nowNs}; timers scheduled meanwhile wait for the next
     * call.
     *
     * @param nowNs the clock reading
     * @param handler called for each due timer
     * @return how many fired
     */
    public int expire(long nowNs, ExpiryHandler handler) {
        int fired = 0;
        int deferredCount = 0;
        int current = ++epoch;
        while (size > 0 && deadlines[heap[0]] <= nowNs) {
            int slot = heap[0];
            removeAt(0);
            if (epochs[slot] == current) {
                deferredCount = defer(slot, deferredCount);
                continue;
            }
            long id = idOf(slot);
            Object owner = owners[slot];
            freeSlot(slot);
            handler.onExpiry(id, owner);
            fired++;
        }
        for (int i = 0; i < deferredCount; i++) {
            int slot = deferred[i];
            if (heapIndex[slot] == DEFERRED) {
                heap[size] = slot;
                heapIndex[slot] = size;
                siftUp(size++);
            }
        }
        return fired;
    }

    private int defer(int slot, int count) {
        if (count == deferred.length) {
            deferred = Arrays.copyOf(deferred, count * 2);
        }
        heapIndex[slot] = DEFERRED;
        deferred[count] = slot;
        return count + 1;
    }

    /**
     * Returns the number of pending timers.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /** Receives the timers that fire. */
    @FunctionalInterface
    public interface ExpiryHandler {
        /**
         * Handles one expiry.
         *
         * @param timerId the id that fired
         * @param owner the object given to {@link #schedule}
         */
        void onExpiry(long timerId, Object owner);
    }

    private long idOf(int slot) {
        return ((long) (generations[slot] + 1) << 32) | slot;
    }

    private int slotOf(long id) {
        int slot = (int) id;
        if (slot < 0 || slot >= used || generations[slot] + 1 != (int) (id >>> 32)
                || heapIndex[slot] == NOT_QUEUED) {
            return -1;
        }
        return slot;
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeList[--freeCount];
        }
        if (used == deadlines.length) {
            grow();
        }
        return used++;
    }

    private void freeSlot(int slot) {
        heapIndex[slot] = NOT_QUEUED;
        owners[slot] = null;
        generations[slot]++;
        freeList[freeCount++] = slot;
    }

    private void grow() {
        int capacity = deadlines.length * 2;
        deadlines = Arrays.copyOf(deadlines, capacity);
        owners = Arrays.copyOf(owners, capacity);
        generations = Arrays.copyOf(generations, capacity);
        heapIndex = Arrays.copyOf(heapIndex, capacity);
        epochs = Arrays.copyOf(epochs, capacity);
        heap = Arrays.copyOf(heap, capacity);
        freeList = Arrays.copyOf(freeList, capacity);
    }

    private void removeAt(int index) {
        int last = --size;
        if (index != last) {
            heap[index] = heap[last];
            heapIndex[heap[index]] = index;
            siftDown(index);
            siftUp(index);
        }
    }

    private void siftUp(int index) {
        int slot = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (deadlines[heap[parent]] <= deadlines[slot]) {
                break;
            }
            heap[index] = heap[parent];
            heapIndex[heap[index]] = index;
            index = parent;
        }
        heap[index] = slot;
        heapIndex[slot] = index;
    }

    private void siftDown(int index) {
        int slot = heap[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && deadlines[heap[child + 1]] < deadlines[heap[child]]) {
                child++;
            }
            if (deadlines[heap[child]] >= deadlines[slot]) {
                break;
            }
            heap[index] = heap[child];
            heapIndex[heap[index]] = index;
            index = child;
        }
        heap[index] = slot;
        heapIndex[slot] = index;
    }
}
