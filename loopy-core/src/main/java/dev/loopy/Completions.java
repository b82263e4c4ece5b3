package dev.loopy;

import dev.loopy.internal.backend.IoBackend;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The callbacks of operations submitted to the backend's completion face, by token.
 *
 * <p>Used by the loop's thread only. A token packs a slot index (low bits) and the slot's
 * generation (high bits), so the completion of a slot that was reused is recognised as
 * stale. Slots are recycled through a free list; nothing is allocated once warm.
 */
final class Completions {
    private static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final int NO_SLOT = -1;

    private IntConsumer[] callbacks = new IntConsumer[16];
    private int[] generations = new int[16];
    private int[] nextFree = new int[16];
    private int freeHead = NO_SLOT;
    private int used;
    private int pending;

    long add(IntConsumer callback) {
        int slot = takeSlot();
        callbacks[slot] = callback;
        pending++;
        long generation = generations[slot] & 0xFFFFFFL;
        return ((generation << SLOT_BITS) | slot) & IoBackend.MAX_TOKEN;
    }

    IntConsumer remove(long token) {
        int slot = (int) (token & SLOT_MASK);
        int generation = (int) (token >>> SLOT_BITS);
        if (slot >= used || (generations[slot] & 0xFFFFFF) != generation
                || callbacks[slot] == null) {
            return null;
        }
        IntConsumer callback = callbacks[slot];
        callbacks[slot] = null;
        generations[slot]++;
        nextFree[slot] = freeHead;
        freeHead = slot;
        pending--;
        return callback;
    }

    int pending() {
        return pending;
    }

    /** Completes every pending operation with {@code result}, each exactly once. */
    void failAll(int result) {
        for (int slot = 0; slot < used; slot++) {
            IntConsumer callback = callbacks[slot];
            if (callback != null) {
                callbacks[slot] = null;
                generations[slot]++;
                callback.accept(result);
            }
        }
        pending = 0;
    }

    private int takeSlot() {
        if (freeHead != NO_SLOT) {
            int slot = freeHead;
            freeHead = nextFree[slot];
            return slot;
        }
        if (used == callbacks.length) {
            int capacity = used * 2;
            callbacks = Arrays.copyOf(callbacks, capacity);
            generations = Arrays.copyOf(generations, capacity);
            nextFree = Arrays.copyOf(nextFree, capacity);
        }
        return used++;
    }
}
