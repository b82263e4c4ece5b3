package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Keeps the channel's read-mostly fields off the producers' cache lines. */
abstract class MpscChannelPad1<T> extends Channel<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpscChannelPad1(int capacity) {
        super(Shape.MPSC, capacity);
    }
}

/** The index the producers compete for. */
abstract class MpscChannelProducer<T> extends MpscChannelPad1<T> {
    private static final VarHandle PRODUCER_INDEX;

    /** Indices claimed so far, by CAS; close() sets CLOSED_BIT. */
    private long producerIndex;

    MpscChannelProducer(int capacity) {
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
                    .findVarHandle(MpscChannelProducer.class, "producerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the contended index and the read-mostly limit on different cache lines. */
abstract class MpscChannelPad2<T> extends MpscChannelProducer<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpscChannelPad2(int capacity) {
        super(capacity);
    }
}

/** The producers' shared view of how far they may fill. */
abstract class MpscChannelLimit<T> extends MpscChannelPad2<T> {
    private static final VarHandle PRODUCER_LIMIT;

    /**
     * A consumer index some producer has seen, plus the capacity. Producers race to write
     * it, so it may move back; it is never above the truth, which is all that matters.
     */
    private long producerLimit;

    MpscChannelLimit(int capacity) {
        super(capacity);
        producerLimit = capacity;
    }

    /** Acquire: pairs with the release below, passing on the consumer's slot clearing. */
    final long producerLimitAcquire() {
        return (long) PRODUCER_LIMIT.getAcquire(this);
    }

    final void setProducerLimitRelease(long value) {
        PRODUCER_LIMIT.setRelease(this, value);
    }

    static {
        try {
            PRODUCER_LIMIT = MethodHandles.lookup()
                    .findVarHandle(MpscChannelLimit.class, "producerLimit", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the producers' and the consumer's fields on different cache lines. */
abstract class MpscChannelPad3<T> extends MpscChannelLimit<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpscChannelPad3(int capacity) {
        super(capacity);
    }
}

/** The consumer's fields. */
abstract class MpscChannelConsumer<T> extends MpscChannelPad3<T> {
    private static final VarHandle CONSUMER_INDEX;

    /** Messages taken so far; written by the consumer only. */
    private long consumerIndex;

    MpscChannelConsumer(int capacity) {
        super(capacity);
    }

    final long consumerIndexPlain() {
        return consumerIndex;
    }

    final long consumerIndexAcquire() {
        return (long) CONSUMER_INDEX.getAcquire(this);
    }

    @Override
    final long consumerIndexVolatile() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    /** Volatile, not release: it must be ordered before the read of the senders' list. */
    final void setConsumerIndexVolatile(long value) {
        CONSUMER_INDEX.setVolatile(this, value);
    }

    static {
        try {
            CONSUMER_INDEX = MethodHandles.lookup()
                    .findVarHandle(MpscChannelConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the consumer's fields off whatever object follows in memory. */
abstract class MpscChannelPad4<T> extends MpscChannelConsumer<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpscChannelPad4(int capacity) {
        super(capacity);
    }
}

/**
 * The channel for many senders and one receiver.
 *
 * <p>A producer claims an index with a CAS, then fills the slot with a release store. The
 * consumer takes the slot, clears it and publishes its index with a volatile store. A slot
 * found empty below the producer index belongs to a producer between its claim and its
 * store; the consumer waits for it rather than report the channel empty.
 */
final class MpscChannel<T> extends MpscChannelPad4<T> {
    MpscChannel(int capacity) {
        super(capacity);
    }

    @Override
    int offer(T message) {
        long limit = producerLimitAcquire();
        long index;
        do {
            index = producerIndexVolatile();
            if ((index & CLOSED_BIT) != 0) {
                return REFUSED;
            }
            if (index >= limit) {
                limit = consumerIndexAcquire() + capacity;
                if (index >= limit) {
                    return FULL;
                }
                setProducerLimitRelease(limit);
            }
        } while (!casProducerIndex(index, index + 1));
        ChannelSlots.setSlotRelease(slots, ChannelSlots.slot(index, mask), message);
        return OFFERED;
    }

    @Override
    @SuppressWarnings("unchecked")
    T poll() {
        final long index = consumerIndexPlain();
        final int slot = ChannelSlots.slot(index, mask);
        Object message = ChannelSlots.slotAcquire(slots, slot);
        if (message == null) {
            if (index == (producerIndexVolatile() & ~CLOSED_BIT)) {
                return null;
            }
            message = ChannelSlots.awaitSlot(slots, slot);
        }
        ChannelSlots.setSlotPlain(slots, slot, null);
        setConsumerIndexVolatile(index + 1);
        return (T) message;
    }
}
