package dev.loopy.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Keeps the channel's read-mostly fields off the producer's cache lines. */
abstract class SpscChannelPad1<T> extends Channel<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscChannelPad1(int capacity) {
        super(Shape.SPSC, capacity);
    }
}

/** The producer's fields. */
abstract class SpscChannelProducer<T> extends SpscChannelPad1<T> {
    private static final VarHandle PRODUCER_INDEX;

    /** Indices claimed so far. Moved by the producer's CAS; close() sets CLOSED_BIT. */
    private long producerIndex;
    /** Producer only: a consumer index seen, plus the capacity; room is sure below it. */
    long producerLimit;

    SpscChannelProducer(int capacity) {
        super(capacity);
        producerLimit = capacity;
    }

    /** The producer's own read; a stale CLOSED_BIT is caught by the CAS that follows. */
    final long producerIndexPlain() {
        return producerIndex;
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
                    .findVarHandle(SpscChannelProducer.class, "producerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the producer's and the consumer's fields on different cache lines. */
abstract class SpscChannelPad2<T> extends SpscChannelProducer<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscChannelPad2(int capacity) {
        super(capacity);
    }
}

/** The consumer's fields. */
abstract class SpscChannelConsumer<T> extends SpscChannelPad2<T> {
    private static final VarHandle CONSUMER_INDEX;

    /** Messages taken so far; written by the consumer only. */
    private long consumerIndex;

    SpscChannelConsumer(int capacity) {
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
                    .findVarHandle(SpscChannelConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Keeps the consumer's fields off whatever object follows in memory. */
abstract class SpscChannelPad3<T> extends SpscChannelConsumer<T> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscChannelPad3(int capacity) {
        super(capacity);
    }
}

/**
 * The channel for one sender and one receiver.
 *
 * <p>The producer fills slots up to a cached bound and reads the consumer index only when
 * it reaches that bound; the consumer never reads the producer index on its fast path. An
 * empty slot means no message: with one producer, a send that has claimed its index but not
 * yet filled the slot has not completed, and nothing sent after it can be waiting. Each
 * message costs the producer one CAS (uncontended: only close() competes for the word) and
 * the consumer one volatile store, the two orderings that blocking needs.
 */
final class SpscChannel<T> extends SpscChannelPad3<T> {
    SpscChannel(int capacity) {
        super(capacity);
    }

    @Override
    int offer(T message) {
        final long index = producerIndexPlain();
        if (index >= producerLimit && !refreshLimit(index)) {
            return (producerIndexVolatile() & CLOSED_BIT) != 0 ? REFUSED : FULL;
        }
        if (!casProducerIndex(index, index + 1)) {
            return REFUSED;
        }
        ChannelSlots.setSlotRelease(slots, ChannelSlots.slot(index, mask), message);
        return OFFERED;
    }

    @Override
    @SuppressWarnings("unchecked")
    T poll() {
        final long index = consumerIndexPlain();
        final int slot = ChannelSlots.slot(index, mask);
        final Object message = ChannelSlots.slotAcquire(slots, slot);
        if (message == null) {
            return null;
        }
        ChannelSlots.setSlotPlain(slots, slot, null);
        setConsumerIndexVolatile(index + 1);
        return (T) message;
    }

    private boolean refreshLimit(long index) {
        producerLimit = consumerIndexAcquire() + capacity;
        return index < producerLimit;
    }
}
