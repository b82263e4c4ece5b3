package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The per-slot sequence numbers, read-mostly as a field. */
abstract class MpmcChannelSequences<T> extends Channel<T> {
    /** Unused entries at each end of the array: 128 bytes, as for the slots. */
    private static final int PAD_SEQUENCES = 16;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * For each slot, the index whose turn it is: equal to an index when that index may be
     * filled, one above it once filled, and a ring length above it once emptied again.
     */
    private final long[] sequences;

    MpmcChannelSequences(int capacity) {
        super(Shape.MPMC, capacity);
        sequences = new long[mask + 1 + 2 * PAD_SEQUENCES];
        for (int index = 0; index <= mask; index++) {
            sequences[PAD_SEQUENCES + index] = index;
        }
    }

    final int sequenceSlot(long index) {
        return PAD_SEQUENCES + (int) (index & mask);
    }

    final long sequenceAcquire(int sequenceSlot) {
        return (long) SEQUENCE.getAcquire(sequences, sequenceSlot);
    }

    final void setSequenceRelease(int sequenceSlot, long value) {
        SEQUENCE.setRelease(sequences, sequenceSlot, value);
    }
}

/** Keeps the channel's read-mostly fields off the producers' cache lines. */
abstract class MpmcChannelPad1<T> extends MpmcChannelSequences<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpmcChannelPad1(int capacity) {
        super(capacity);
    }
}

/** The index the producers compete for. */
abstract class MpmcChannelProducer<T> extends MpmcChannelPad1<T> {
    private static final VarHandle PRODUCER_INDEX;

    /** Indices claimed so far, by CAS; close() sets CLOSED_BIT. */
    private long producerIndex;

    MpmcChannelProducer(int capacity) {
        super(capacity);
    }

    @Override
    final long producerIndexVolatile() {
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    final boolean casProducerIndex(long expected, long next) {
        return PRODUCER_INDEX.compareAndSet(this, expected, next);
    }

    @Override
    final void markClosed() {
        PRODUCER_INDEX.getAndBitwiseOr(this, CLOSED_BIT);
    }

    static {
        try {
            PRODUCER_INDEX = MethodHandles.lookup()
                    .findVarHandle(MpmcChannelProducer.class, "producerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the contended index and the read-mostly limit on different cache lines. */
abstract class MpmcChannelPad2<T> extends MpmcChannelProducer<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpmcChannelPad2(int capacity) {
        super(capacity);
    }
}

/** The producers' shared view of how far they may fill. */
abstract class MpmcChannelLimit<T> extends MpmcChannelPad2<T> {
    private static final VarHandle PRODUCER_LIMIT;

    /**
     * A consumer index some producer has seen, plus the capacity. Producers race to write
     * it, so it may move back; it is never above the truth. The slot sequences, not this
     * limit, order a producer's store after the consumer's clearing of the slot.
     */
    private long producerLimit;

    MpmcChannelLimit(int capacity) {
        super(capacity);
        producerLimit = capacity;
    }

    final long producerLimitOpaque() {
        return (long) PRODUCER_LIMIT.getOpaque(this);
    }

    final void setProducerLimitOpaque(long value) {
        PRODUCER_LIMIT.setOpaque(this, value);
    }

    static {
        try {
            PRODUCER_LIMIT = MethodHandles.lookup()
                    .findVarHandle(MpmcChannelLimit.class, "producerLimit", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the producers' and the consumers' fields on different cache lines. */
abstract class MpmcChannelPad3<T> extends MpmcChannelLimit<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpmcChannelPad3(int capacity) {
        super(capacity);
    }
}

/** The index the consumers compete for. */
abstract class MpmcChannelConsumer<T> extends MpmcChannelPad3<T> {
    private static final VarHandle CONSUMER_INDEX;

    /** Messages taken so far, by CAS. */
    private long consumerIndex;

    MpmcChannelConsumer(int capacity) {
        super(capacity);
    }

    @Override
    final long consumerIndexVolatile() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    final boolean casConsumerIndex(long expected, long next) {
        return CONSUMER_INDEX.compareAndSet(this, expected, next);
    }

    static {
        try {
            CONSUMER_INDEX = MethodHandles.lookup()
                    .findVarHandle(MpmcChannelConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the consumers' fields off whatever object follows in memory. */
abstract class MpmcChannelPad4<T> extends MpmcChannelConsumer<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpmcChannelPad4(int capacity) {
        super(capacity);
    }
}

/**
 * The channel for many senders and many receivers: a ring of slots, each with a sequence
 * number that says whose turn it is (Vyukov's bounded queue).
 *
 * <p>A producer claims an index with a CAS once the slot's sequence equals that index,
 * stores the message, then releases the sequence one higher. A consumer claims an index
 * with a CAS once the sequence is one above it, takes and clears the message, then releases
 * the sequence a ring length higher. The ring may be larger than the capacity (it is a
 * power of two); a cached limit on the producer side keeps the count within the capacity.
 * A claim whose slot is not ready yet, while the indices say it soon will be, is waited
 * for rather than reported as full or empty.
 */
final class MpmcChannel<T> extends MpmcChannelPad4<T> {
    MpmcChannel(int capacity) {
        super(capacity);
    }

    @Override
    int offer(T message) {
        long limit = producerLimitOpaque();
        for (int spins = 0; ; ) {
            final long index = producerIndexVolatile();
            if ((index & CLOSED_BIT) != 0) {
                return REFUSED;
            }
            if (index >= limit) {
                limit = consumerIndexVolatile() + capacity;
                if (index >= limit) {
                    return FULL;
                }
                setProducerLimitOpaque(limit);
            }
            final int sequenceSlot = sequenceSlot(index);
            final long sequence = sequenceAcquire(sequenceSlot);
            if (sequence == index) {
                if (casProducerIndex(index, index + 1)) {
                    fill(index, sequenceSlot, message);
                    return OFFERED;
                }
            } else if (sequence < index) {
                ChannelBackoff.awaitInFlight(spins++);
            }
        }
    }

    @Override
    T poll() {
        for (int spins = 0; ; ) {
            final long index = consumerIndexVolatile();
            final int sequenceSlot = sequenceSlot(index);
            final long sequence = sequenceAcquire(sequenceSlot);
            if (sequence == index + 1) {
                if (casConsumerIndex(index, index + 1)) {
                    return empty(index, sequenceSlot);
                }
            } else if (sequence < index + 1) {
                if (index == (producerIndexVolatile() & ~CLOSED_BIT)) {
                    return null;
                }
                ChannelBackoff.awaitInFlight(spins++);
            }
        }
    }

    private void fill(long index, int sequenceSlot, T message) {
        ChannelSlots.setSlotPlain(slots, ChannelSlots.slot(index, mask), message);
        setSequenceRelease(sequenceSlot, index + 1);
    }

    @SuppressWarnings("unchecked")
    private T empty(long index, int sequenceSlot) {
        final int slot = ChannelSlots.slot(index, mask);
        final Object message = ChannelSlots.slotPlain(slots, slot);
        ChannelSlots.setSlotPlain(slots, slot, null);
        setSequenceRelease(sequenceSlot, index + mask + 1);
        return (T) message;
    }
}
