package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The message array of a channel ring and its accessors.
 *
 * <p>Not thread-safe by itself: each channel shape states which thread may touch which slot
 * and with which memory order.
 */
final class ChannelSlots {
    /*
     * The ring has a power-of-two number of slots so that an index maps to its slot with a
     * mask. The live slots sit between two runs of unused ones, 128 bytes of compressed
     * references each, so that the busiest slots share no cache line with whatever object
     * the allocator places next to the array.
     */

    /** The largest capacity a channel accepts; its ring still fits an array. */
    static final int MAX_CAPACITY = 1 << 30;

    private static final int PAD_SLOTS = 32;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private ChannelSlots() {
    }

    static int ringSize(int capacity) {
        return capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    }

    static Object[] allocate(int ringSize) {
        return new Object[ringSize + 2 * PAD_SLOTS];
    }

    static int slot(long index, int mask) {
        return PAD_SLOTS + (int) (index & mask);
    }

    static Object slotAcquire(Object[] slots, int slot) {
        return SLOT.getAcquire(slots, slot);
    }

    static void setSlotRelease(Object[] slots, int slot, Object message) {
        SLOT.setRelease(slots, slot, message);
    }

    /** A plain store; the caller publishes it with a later release or volatile write. */
    static void setSlotPlain(Object[] slots, int slot, Object message) {
        slots[slot] = message;
    }

    /** A plain load; the caller ordered it after an acquire that covers the slot. */
    static Object slotPlain(Object[] slots, int slot) {
        return slots[slot];
    }

    /**
     * Waits for a slot whose index a producer has claimed but not yet filled. The wait is
     * a few instructions long unless the producer is descheduled in between
     * (see {@link ChannelBackoff#awaitInFlight(int)}).
     */
    static Object awaitSlot(Object[] slots, int slot) {
        Object message = slotAcquire(slots, slot);
        for (int spins = 0; message == null; spins++) {
            ChannelBackoff.awaitInFlight(spins);
            message = slotAcquire(slots, slot);
        }
        return message;
    }
}
