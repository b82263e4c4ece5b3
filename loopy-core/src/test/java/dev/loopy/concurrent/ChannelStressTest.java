package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads on each shape: nothing lost, nothing duplicated, each producer's order kept.
 *
 * <p>A message is {@code producer << 32 | sequence}. Every consumer checks that the sequence
 * numbers of each producer rise, and marks each message in a shared table that must see it
 * exactly once.
 */
@Timeout(60)
class ChannelStressTest {
    private static final int CAPACITY = 1024;

    @Test
    void fourProducersAndFourConsumersShareAMillionMessagesOnMpmc() throws Exception {
        exchange(Channel.mpmc(CAPACITY), 4, 4, 1_000_000);
    }

    @Test
    void fourProducersAndOneConsumerShareAMillionMessagesOnMpsc() throws Exception {
        exchange(Channel.mpsc(CAPACITY), 4, 1, 1_000_000);
    }

    @Test
    void oneProducerAndOneConsumerShareAMillionMessagesOnSpsc() throws Exception {
        exchange(Channel.spsc(CAPACITY), 1, 1, 1_000_000);
    }

    @Test
    void aTinyMpmcChannelKeepsEveryMessageUnderHeavyBlocking() throws Exception {
        exchange(Channel.mpmc(2), 3, 3, 60_000);
    }

    @Test
    void aTinyMpscChannelKeepsEveryMessageUnderHeavyBlocking() throws Exception {
        exchange(Channel.mpsc(1), 3, 1, 60_000);
    }

    @Test
    void aTinySpscChannelKeepsEveryMessageUnderHeavyBlocking() throws Exception {
        exchange(Channel.spsc(1), 1, 1, 60_000);
    }

    private static void exchange(Channel<Long> channel, int producers, int consumers,
            int total) throws Exception {
        final int perProducer = total / producers;
        final AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        final CyclicBarrier start = new CyclicBarrier(producers + consumers);
        final AtomicInteger running = new AtomicInteger(producers);
        final ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
        try {
            final List<Future<Long>> counts = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                final int producer = p;
                pool.submit(() -> produce(channel, start, running, producer, perProducer));
            }
            for (int c = 0; c < consumers; c++) {
                counts.add(pool.submit(
                        () -> consume(channel, start, producers, perProducer, seen)));
            }
            long received = 0;
            for (Future<Long> count : counts) {
                received += count.get(50, TimeUnit.SECONDS);
            }

            assertThat(received).isEqualTo((long) producers * perProducer);
            for (int i = 0; i < seen.length(); i++) {
                assertThat(seen.get(i)).as("times message %d was received", i).isEqualTo(1);
            }
            assertThat(channel.stats().sent()).isEqualTo(received);
            assertThat(channel.stats().received()).isEqualTo(received);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Sends its share; the last producer to finish closes the channel. */
    private static Void produce(Channel<Long> channel, CyclicBarrier start,
            AtomicInteger running, int producer, int count) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        for (int sequence = 0; sequence < count; sequence++) {
            channel.send((long) producer << 32 | sequence);
        }
        if (running.decrementAndGet() == 0) {
            channel.close();
        }
        return null;
    }

    private static long consume(Channel<Long> channel, CyclicBarrier start, int producers,
            int perProducer, AtomicIntegerArray seen) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        final int[] next = new int[producers];
        long received = 0;
        for (Long message = channel.receive(); message != null; message = channel.receive()) {
            final int producer = (int) (message >>> 32);
            final int sequence = (int) (long) message;
            assertThat(sequence).as("order of producer %d", producer)
                    .isGreaterThanOrEqualTo(next[producer]);
            next[producer] = sequence + 1;
            assertThat(seen.getAndIncrement(producer * perProducer + sequence)).isZero();
            received++;
        }
        return received;
    }

}
