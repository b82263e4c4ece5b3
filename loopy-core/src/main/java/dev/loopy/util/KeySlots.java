package dev.loopy.util;

import java.util.Arrays;

/**
 * A bounded table from keys to per-key state, one lock stripe of a limiter.
 *
 * <p>Every method must be called with this object's monitor held; the owning limiter takes
 * it around each whole decision. The table holds at most {@code maxSlots} keys: adding one
 * more evicts the least recently used key and reuses its slot and its state object, so a
 * full table allocates nothing.
 *
 * @param <S> the per-key state
 */
final class KeySlots<S> {
    /**
     * Creates and rests the per-key state of the owning limiter.
     *
     * @param <S> the per-key state
     */
    interface StatePolicy<S> {
        /**
         * Creates a state object; it is rested before first use.
         *
         * @return a new state
         */
        S newState();

        /**
         * Puts a state into the condition of a key never seen before.
         *
         * @param state the state to reset
         * @param nowNs the current time, monotonic ns
         */
        void rest(S state, long nowNs);
    }

    /** The slot number that stands for no slot. */
    static final int NONE = -1;

    private static final int FIRST_CAPACITY = 8;
    private static final int EMPTY = 0;

    /*
     * Slots are numbered 0..capacity-1 and live in parallel arrays. The index is an open
     * addressing table with linear probing that stores slot + 1 (0 marks an empty bucket);
     * it is kept at most half full and compacted on removal by backward shifting, so no
     * tombstones build up. The least-recently-used order is a doubly linked list through
     * older/newer; removed slots are chained through newer as a free list.
     */
    private final int maxSlots;
    private final StatePolicy<S> policy;
    private final S scratch;
    private Object[] keys = new Object[0];
    private Object[] states = new Object[0];
    private int[] hashes = new int[0];
    private int[] older = new int[0];
    private int[] newer = new int[0];
    private int[] index = new int[0];
    private int oldest = NONE;
    private int newest = NONE;
    private int freeSlots = NONE;
    private int used;
    private int size;
    private long allowed;
    private long denied;
    private long evictions;

    KeySlots(int maxSlots, StatePolicy<S> policy) {
        this.maxSlots = maxSlots;
        this.policy = policy;
        this.scratch = policy.newState();
    }

    /**
     * Returns the state of a key without changing its place in the eviction order.
     *
     * @return the key's state, or null if the key is not held
     */
    S find(Object key, int hash) {
        int slot = slotOf(key, hash);
        return slot == NONE ? null : state(slot);
    }

    /**
     * Returns the state of a key, adding the key (rested at {@code nowNs}) if absent, and
     * makes it the most recently used.
     */
    S acquire(Object key, int hash, long nowNs) {
        int slot = slotOf(key, hash);
        if (slot == NONE) {
            slot = add(key, hash, nowNs);
        } else {
            unlink(slot);
        }
        linkNewest(slot);
        return state(slot);
    }

    /**
     * Returns a state rested at {@code nowNs} that belongs to no key, for peeking at a key
     * that is not held. Valid until the next call on this table.
     */
    S scratch(long nowNs) {
        policy.rest(scratch, nowNs);
        return scratch;
    }

    /**
     * Drops a key and its state.
     *
     * @return true if the key was held
     */
    boolean remove(Object key, int hash) {
        int slot = slotOf(key, hash);
        if (slot == NONE) {
            return false;
        }
        unlink(slot);
        unindex(slot);
        keys[slot] = null;
        newer[slot] = freeSlots;
        freeSlots = slot;
        size--;
        return true;
    }

    void count(boolean admitted) {
        if (admitted) {
            allowed++;
        } else {
            denied++;
        }
    }

    int size() {
        return size;
    }

    long allowed() {
        return allowed;
    }

    long denied() {
        return denied;
    }

    long evictions() {
        return evictions;
    }

    @SuppressWarnings("unchecked")
    private S state(int slot) {
        return (S) states[slot];
    }

    private int slotOf(Object key, int hash) {
        if (size == 0) {
            return NONE;
        }
        int mask = index.length - 1;
        for (int i = hash & mask; index[i] != EMPTY; i = (i + 1) & mask) {
            int slot = index[i] - 1;
            if (hashes[slot] == hash && keys[slot].equals(key)) {
                return slot;
            }
        }
        return NONE;
    }

    private int add(Object key, int hash, long nowNs) {
        int slot = freeSlot();
        keys[slot] = key;
        hashes[slot] = hash;
        if (states[slot] == null) {
            states[slot] = policy.newState();
        }
        policy.rest(state(slot), nowNs);
        index(slot);
        size++;
        return slot;
    }

    private int freeSlot() {
        if (size == maxSlots) {
            return evictOldest();
        }
        if (freeSlots != NONE) {
            int slot = freeSlots;
            freeSlots = newer[slot];
            return slot;
        }
        if (used == keys.length) {
            grow();
        }
        return used++;
    }

    private int evictOldest() {
        int slot = oldest;
        unlink(slot);
        unindex(slot);
        size--;
        evictions++;
        return slot;
    }

    private void grow() {
        int capacity = (int) Math.min(maxSlots, Math.max(FIRST_CAPACITY, 2L * keys.length));
        keys = Arrays.copyOf(keys, capacity);
        states = Arrays.copyOf(states, capacity);
        hashes = Arrays.copyOf(hashes, capacity);
        older = Arrays.copyOf(older, capacity);
        newer = Arrays.copyOf(newer, capacity);
        index = new int[Math.max(2, Integer.highestOneBit(capacity - 1) << 2)];
        for (int slot = 0; slot < used; slot++) {
            if (keys[slot] != null) {
                index(slot);
            }
        }
    }

    private void index(int slot) {
        int mask = index.length - 1;
        int i = hashes[slot] & mask;
        while (index[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Removes a slot from the index and shifts back the entries probed past it. */
    private void unindex(int slot) {
        int mask = index.length - 1;
        int hole = hashes[slot] & mask;
        while (index[hole] != slot + 1) {
            hole = (hole + 1) & mask;
        }
        for (int i = (hole + 1) & mask; index[i] != EMPTY; i = (i + 1) & mask) {
            int home = hashes[index[i] - 1] & mask;
            if (!cyclicallyBetween(home, hole, i)) {
                index[hole] = index[i];
                hole = i;
            }
        }
        index[hole] = EMPTY;
    }

    /** Tells whether {@code home} lies in the cyclic interval (from, to]. */
    private static boolean cyclicallyBetween(int home, int from, int to) {
        return from < to ? home > from && home <= to : home > from || home <= to;
    }

    private void linkNewest(int slot) {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest == NONE) {
            oldest = slot;
        } else {
            newer[newest] = slot;
        }
        newest = slot;
    }

    private void unlink(int slot) {
        int before = older[slot];
        int after = newer[slot];
        if (before == NONE) {
            oldest = after;
        } else {
            newer[before] = after;
        }
        if (after == NONE) {
            newest = before;
        } else {
            older[after] = before;
        }
    }
}
