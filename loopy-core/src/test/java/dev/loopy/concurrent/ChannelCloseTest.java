package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopy.ClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Close wakes every waiter, refuses later sends and loses nothing sent before it. */
@Timeout(30)
class ChannelCloseTest {
    @ParameterizedTest
    @EnumSource(value = Channel.Shape.class, names = {"MPSC", "MPMC"})
    void aClosedChannelWakesEveryBlockedSender(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 2);
        channel.send(0);
        channel.send(1);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<Throwable>> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final int message = 10 + i;
                senders.add(pool.submit(() -> failureOf(() -> channel.send(message))));
            }
            awaitParked(channel.senders(), 4);

            channel.close();
            for (Future<Throwable> sender : senders) {
                assertThat(sender.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedException.class);
            }
            assertThat(channel.receive()).isZero();
            assertThat(channel.receive()).isOne();
            assertThat(channel.receive()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Channel.Shape.class, names = "MPMC")
    void aClosedChannelWakesEveryBlockedReceiver(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 2);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<Integer>> receivers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                receivers.add(pool.submit(() -> channel.receive()));
            }
            awaitParked(channel.receivers(), 4);

            channel.close();
            for (Future<Integer> receiver : receivers) {
                assertThat(receiver.get(10, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aClosedChannelWakesItsOneBlockedReceiver(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 2);
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            final Future<Integer> receiver = pool.submit(() -> channel.receive());
            awaitParked(channel.receivers(), 1);

            channel.close();
            assertThat(receiver.get(10, TimeUnit.SECONDS)).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aClosedChannelWakesItsOneBlockedSender(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 1);
        channel.send(1);
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            final Future<Throwable> sender = pool.submit(() -> failureOf(() -> channel.send(2)));
            awaitParked(channel.senders(), 1);

            channel.close();
            assertThat(sender.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedException.class);
            assertThat(channel.receive()).isOne();
            assertThat(channel.receive()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Senders and receivers race with a close; every send that returned normally must be
     * received, and every receiver must end.
     */
    @RepeatedTest(20)
    void closingUnderTrafficLosesNoMessageThatWasSent() throws Exception {
        final Channel<Long> channel = Channel.mpmc(4);
        final int senders = 3;
        final int receivers = 3;
        final AtomicLong sentSum = new AtomicLong();
        final ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
        final CyclicBarrier start = new CyclicBarrier(senders + receivers + 1);
        final CountDownLatch done = new CountDownLatch(senders + receivers);
        final ExecutorService pool = Executors.newFixedThreadPool(senders + receivers);
        try {
            for (int s = 0; s < senders; s++) {
                final long base = (long) s << 32;
                pool.submit(() -> sendUntilClosed(channel, start, base, sentSum, done));
            }
            for (int r = 0; r < receivers; r++) {
                pool.submit(() -> receiveUntilDrained(channel, start, received, done));
            }
            start.await(10, TimeUnit.SECONDS);
            while (channel.stats().sent() < 2_000) {
                Thread.onSpinWait();
            }

            channel.close();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(received.stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(sentSum.get());
            assertThat(received).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void sendUntilClosed(Channel<Long> channel, CyclicBarrier start, long base,
            AtomicLong sentSum, CountDownLatch done) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        try {
            for (long sequence = 0; ; sequence++) {
                channel.send(base | sequence);
                sentSum.addAndGet(base | sequence);
            }
        } catch (ClosedException expected) {
            done.countDown();
        }
        return null;
    }

    private static Void receiveUntilDrained(Channel<Long> channel, CyclicBarrier start,
            ConcurrentLinkedQueue<Long> received, CountDownLatch done) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        for (Long message = channel.receive(); message != null; message = channel.receive()) {
            received.add(message);
        }
        done.countDown();
        return null;
    }

    /** Waits until the list holds the given number of parked waiters, without sleeping. */
    static void awaitParked(ChannelWaitList list, int waiters) {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < waiters) {
            assertThat(System.nanoTime() - deadlineNs).as("waiters park").isNegative();
            Thread.onSpinWait();
        }
    }

    private static Throwable failureOf(Interruptible action) {
        try {
            action.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface Interruptible {
        void run() throws Exception;
    }
}
