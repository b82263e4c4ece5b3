package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.ClosedException;
import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A channel drained by callbacks on a loop's thread. */
@Timeout(30)
class ChannelReceiverTest {
    private final ConcurrentLinkedQueue<RuntimeException> failures =
            new ConcurrentLinkedQueue<>();
    private long fdsBefore;
    private Loop loop;
    private Thread loopThread;

    @BeforeEach
    void startLoop() throws IOException {
        fdsBefore = openFds();
        loop = Loop.create(LoopOptions.builder()
                .errorHandler((failed, failure) -> failures.add(failure)).build());
        loopThread = loop.start("channel-receiver-test");
    }

    @AfterEach
    void closeLoop() throws Exception {
        loop.stop();
        loopThread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(loopThread.isAlive()).isFalse();
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    @Test
    void messagesFromAnotherThreadReachTheCallbackOnTheLoopThreadInOrder() throws Exception {
        final Channel<Integer> channel = Channel.mpsc(64);
        final int count = 20_000;
        final List<Integer> received = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final CompletableFuture<Thread> callbackThread = new CompletableFuture<>();
        final ChannelReceiver<Integer> receiver = channel.receiveOn(loop, message -> {
            callbackThread.complete(Thread.currentThread());
            received.add(message);
            if (received.size() == count) {
                done.countDown();
            }
        });

        for (int i = 0; i < count; i++) {
            channel.send(i);
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(callbackThread.get()).isSameAs(loopThread);
        assertThat(received).isSorted().hasSize(count);
        assertThat(receiver.delivered()).isEqualTo(count);
        assertThat(receiver.isActive()).isTrue();
    }

    @Test
    void messagesWaitingBeforeTheStartAreDeliveredInOneWakeUp() throws Exception {
        final Channel<Integer> channel = Channel.spsc(128);
        for (int i = 0; i < 100; i++) {
            channel.send(i);
        }
        final CountDownLatch done = new CountDownLatch(100);
        final long asyncBefore = loop.metrics().asyncCallbacks();

        channel.receiveOn(loop, message -> done.countDown());

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.metrics().asyncCallbacks() - asyncBefore).isZero();
    }

    @Test
    void closingTheChannelEndsTheReceiverAfterTheLastMessage() throws Exception {
        final Channel<String> channel = Channel.mpmc(8);
        final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final ChannelReceiver<String> receiver = channel.receiveOn(loop, events::add, () -> {
            events.add("closed");
            closed.countDown();
        });
        channel.send("a");
        channel.send("b");

        channel.close();

        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("a", "b", "closed");
        assertThat(receiver.isActive()).isFalse();
        assertThat(channel.receivers().size()).isZero();
    }

    @Test
    void aStoppedReceiverLeavesLaterMessagesInTheChannel() throws Exception {
        final Channel<Integer> channel = Channel.mpsc(8);
        final CountDownLatch first = new CountDownLatch(1);
        final ChannelReceiver<Integer> receiver = channel.receiveOn(loop, m -> first.countDown());
        channel.send(1);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        receiver.stop();
        receiver.stop();
        awaitFinished(receiver);
        channel.send(2);

        assertThat(receiver.isActive()).isFalse();
        assertThat(channel.tryReceive()).isEqualTo(2);
        assertThat(receiver.delivered()).isOne();
    }

    @Test
    void aThrowingCallbackGoesToTheErrorHandlerAndDeliveryGoesOn() throws Exception {
        final Channel<Integer> channel = Channel.mpsc(8);
        final CountDownLatch done = new CountDownLatch(3);
        channel.receiveOn(loop, message -> {
            done.countDown();
            if (message == 2) {
                throw new IllegalStateException("message two");
            }
        });

        channel.send(1);
        channel.send(2);
        channel.send(3);

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("message two");
    }

    @Test
    void badArgumentsAreRefused() {
        final Channel<Integer> channel = Channel.mpsc(8);

        assertThatThrownBy(() -> channel.receiveOn(null, m -> { }))
                .isInstanceOf(NullPointerException.class).hasMessage("loop");
        assertThatThrownBy(() -> channel.receiveOn(loop, null))
                .isInstanceOf(NullPointerException.class).hasMessage("callback");
    }

    @Test
    void aClosedLoopIsRefused() throws Exception {
        final Loop closedLoop = Loop.create();
        closedLoop.close();

        assertThatThrownBy(() -> Channel.<Integer>mpsc(8).receiveOn(closedLoop, m -> { }))
                .isInstanceOf(ClosedException.class);
    }

    private static void awaitFinished(ChannelReceiver<?> receiver) {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!receiver.isFinished()) {
            assertThat(System.nanoTime() - deadlineNs).as("receiver detaches").isNegative();
            Thread.onSpinWait();
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
