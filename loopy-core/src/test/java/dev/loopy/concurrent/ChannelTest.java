package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import dev.loopy.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract every channel shape keeps, on one or two threads. */
@Timeout(20)
class ChannelTest {
    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void messagesComeOutInTheOrderTheyWentIn(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 8);
        for (int i = 0; i < 5; i++) {
            channel.send(i);
        }

        assertThat(channel.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(channel.receive()).isEqualTo(i);
        }
        assertThat(channel.size()).isZero();
        assertThat(channel.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void trySendRefusesOnceTheCapacityIsReachedEvenWhenTheRingIsLarger(Channel.Shape shape) {
        final Channel<String> channel = Channel.create(shape, 3);

        assertThat(channel.trySend("a")).isTrue();
        assertThat(channel.trySend("b")).isTrue();
        assertThat(channel.trySend("c")).isTrue();
        assertThat(channel.trySend("d")).isFalse();
        assertThat(channel.size()).isEqualTo(3);
        assertThat(channel.capacity()).isEqualTo(3);
        assertThat(channel.tryReceive()).isEqualTo("a");
        assertThat(channel.trySend("d")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aChannelWrapsAroundItsRingManyTimes(Channel.Shape shape) {
        final Channel<Integer> channel = Channel.create(shape, 4);
        for (int i = 0; i < 10_000; i++) {
            assertThat(channel.trySend(i)).isTrue();
            assertThat(channel.trySend(-i)).isTrue();
            assertThat(channel.tryReceive()).isEqualTo(i);
            assertThat(channel.tryReceive()).isEqualTo(-i);
        }
        assertThat(channel.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aChannelOfCapacityOneAlternates(Channel.Shape shape) {
        final Channel<Integer> channel = Channel.create(shape, 1);

        assertThat(channel.trySend(1)).isTrue();
        assertThat(channel.trySend(2)).isFalse();
        assertThat(channel.tryReceive()).isEqualTo(1);
        assertThat(channel.trySend(2)).isTrue();
        assertThat(channel.tryReceive()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void sendingOnAClosedChannelFailsWithClosedException(Channel.Shape shape) {
        final Channel<String> channel = Channel.create(shape, 4);
        channel.close();

        assertThat(channel.isClosed()).isTrue();
        assertThatThrownBy(() -> channel.trySend("x"))
                .isInstanceOf(ClosedException.class)
                .hasMessage("channel is closed (send)")
                .extracting(e -> ((ClosedException) e).status()).isEqualTo(Status.CLOSED);
        assertThatThrownBy(() -> channel.send("x")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> channel.send("x", 1, TimeUnit.SECONDS))
                .isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> channel.send("x", Duration.ZERO))
                .isInstanceOf(ClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void sendingOnAFullClosedChannelReportsTheCloseNotTheFullness(Channel.Shape shape) {
        final Channel<String> channel = Channel.create(shape, 1);
        channel.trySend("a");
        channel.close();

        assertThatThrownBy(() -> channel.trySend("b")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> channel.send("b", 0, TimeUnit.SECONDS))
                .isInstanceOf(ClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void receiversDrainWhatWasSentBeforeCloseThenSeeNull(Channel.Shape shape)
            throws Exception {
        final Channel<String> channel = Channel.create(shape, 4);
        channel.send("a");
        channel.send("b");
        channel.close();
        channel.close();

        assertThat(channel.receive()).isEqualTo("a");
        assertThat(channel.receive(1, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(channel.receive()).isNull();
        assertThat(channel.receive(Duration.ofDays(1))).isNull();
        assertThat(channel.tryReceive()).isNull();
        assertThat(channel.toString()).isEqualTo("channel(" + shape.label()
                + ", size=0, capacity=4, closed)");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aTimedReceiveOnAnEmptyChannelReturnsNullOnceTheTimeoutElapses(Channel.Shape shape)
            throws Exception {
        final Channel<String> channel = Channel.create(shape, 4);

        assertThat(channel.receive(0, TimeUnit.NANOSECONDS)).isNull();
        assertThat(channel.receive(5, TimeUnit.MILLISECONDS)).isNull();
        assertThat(channel.receive(Duration.ofMillis(5))).isNull();
        assertThat(channel.isClosed()).isFalse();
        assertThat(channel.stats().failedReceives()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aTimedSendOnAFullChannelReturnsFalseOnceTheTimeoutElapses(Channel.Shape shape)
            throws Exception {
        final Channel<String> channel = Channel.create(shape, 1);
        channel.send("a");

        assertThat(channel.send("b", 0, TimeUnit.SECONDS)).isFalse();
        assertThat(channel.send("b", 5, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(channel.send("b", Duration.ofMillis(5))).isFalse();
        assertThat(channel.stats().failedSends()).isEqualTo(3);
        assertThat(channel.tryReceive()).isEqualTo("a");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aTimedReceiveGetsAMessageSentWhileItWaits(Channel.Shape shape) throws Exception {
        final Channel<String> channel = Channel.create(shape, 1);
        final CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
            try {
                return channel.receive(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitBlockedReceive(channel);

        channel.send("late");
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void aTimedSendCompletesWhenARoomIsMadeWhileItWaits(Channel.Shape shape) throws Exception {
        final Channel<String> channel = Channel.create(shape, 1);
        channel.send("first");
        final CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return channel.send("second", Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitBlockedSend(channel);

        assertThat(channel.receive()).isEqualTo("first");
        assertThat(sent.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(channel.receive()).isEqualTo("second");
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void anInterruptedReceiverThrowsInterruptedException(Channel.Shape shape)
            throws Exception {
        final Channel<String> channel = Channel.create(shape, 1);
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        final Thread receiver = Thread.ofPlatform().start(() -> {
            try {
                channel.receive();
                failure.complete(null);
            } catch (InterruptedException e) {
                failure.complete(e);
            }
        });
        awaitBlockedReceive(channel);

        receiver.interrupt();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(channel.stats().failedReceives()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void anInterruptedSenderThrowsAndLeavesNoMessageBehind(Channel.Shape shape)
            throws Exception {
        final Channel<String> channel = Channel.create(shape, 1);
        channel.send("kept");
        final CountDownLatch started = new CountDownLatch(1);
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        final Thread sender = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            started.countDown();
            try {
                channel.send("dropped");
                failure.complete(null);
            } catch (InterruptedException e) {
                failure.complete(e);
            }
        });

        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        sender.join();
        assertThat(channel.tryReceive()).isEqualTo("kept");
        assertThat(channel.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void statisticsCountWhatHappened(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 2);
        channel.send(1);
        channel.send(2);
        channel.trySend(3);
        channel.receive();
        channel.tryReceive();
        channel.tryReceive();

        final ChannelStats stats = channel.stats();
        assertThat(stats.sent()).isEqualTo(2);
        assertThat(stats.received()).isEqualTo(2);
        assertThat(stats.failedSends()).isEqualTo(1);
        assertThat(stats.failedReceives()).isEqualTo(1);
        assertThat(stats.blockedSends()).isZero();
        assertThat(stats.blockedReceives()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Channel.Shape.class)
    void statisticsCountParkedSendsAndReceives(Channel.Shape shape) throws Exception {
        final Channel<Integer> channel = Channel.create(shape, 1);
        final CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
            try {
                return channel.receive();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitBlockedReceive(channel);
        channel.send(1);
        received.get(10, TimeUnit.SECONDS);

        channel.send(2);
        final CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                channel.send(3);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitBlockedSend(channel);
        channel.receive();
        sent.get(10, TimeUnit.SECONDS);

        assertThat(channel.stats().blockedReceives()).isEqualTo(1);
        assertThat(channel.stats().blockedSends()).isEqualTo(1);
    }

    @Test
    void shapesHaveLowerCaseLabels() {
        assertThat(Channel.Shape.SPSC.label()).isEqualTo("spsc");
        assertThat(Channel.Shape.MPSC.label()).isEqualTo("mpsc");
        assertThat(Channel.Shape.MPMC.label()).isEqualTo("mpmc");
        assertThat(Channel.spsc(1).shape()).isEqualTo(Channel.Shape.SPSC);
        assertThat(Channel.mpsc(1).shape()).isEqualTo(Channel.Shape.MPSC);
        assertThat(Channel.mpmc(1).shape()).isEqualTo(Channel.Shape.MPMC);
    }

    /** Waits until a receiver has parked on the channel, without sleeping. */
    static void awaitBlockedReceive(Channel<?> channel) {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!channel.receivers().hasWaitersVolatile()) {
            assertThat(System.nanoTime() - deadlineNs).as("a receiver parks").isNegative();
            Thread.onSpinWait();
        }
    }

    /** Waits until a sender has parked on the channel, without sleeping. */
    static void awaitBlockedSend(Channel<?> channel) {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!channel.senders().hasWaitersVolatile()) {
            assertThat(System.nanoTime() - deadlineNs).as("a sender parks").isNegative();
            Thread.onSpinWait();
        }
    }
}
