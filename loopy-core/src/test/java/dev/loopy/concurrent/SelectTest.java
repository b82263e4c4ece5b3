package dev.loopy.concurrent;

import static dev.loopy.concurrent.ChannelCloseTest.awaitParked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Select completes exactly one case, wakes on the first change and never polls. */
@Timeout(30)
class SelectTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSelectReceivesFromTheOneChannelThatHasAMessage() throws Exception {
        final Channel<String> first = Channel.mpmc(4);
        final Channel<Integer> second = Channel.mpsc(4);
        second.send(42);

        final SelectResult result = Select.receive(Duration.ofSeconds(1), first, second);

        assertThat(result.index()).isOne();
        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.messageFrom(second)).isEqualTo(42);
        assertThat(result.messageFrom(first)).isNull();
        assertThat(result.channel()).isSameAs(second);
    }

    @Test
    void aSelectTimesOutWhenNoCaseCanComplete() throws Exception {
        final Channel<String> first = Channel.mpmc(4);
        final Channel<String> second = Channel.spsc(4);

        final SelectResult result = Select.receive(Duration.ofMillis(10), first, second);

        assertThat(result.isTimeout()).isTrue();
        assertThat(result.index()).isEqualTo(SelectResult.NO_CASE);
        assertThat(Select.builder().receive(first).build().selectNow().isTimeout()).isTrue();
        assertThat(Select.builder().receive(first).build().select(0, TimeUnit.SECONDS)
                .isTimeout()).isTrue();
        assertThat(first.receivers().size()).isZero();
        assertThat(second.receivers().size()).isZero();
    }

    @Test
    void aMessageSentWhileTheSelectIsParkedWakesIt() throws Exception {
        final Channel<String> first = Channel.mpmc(4);
        final Channel<String> second = Channel.mpmc(4);
        final Future<SelectResult> selected =
                pool.submit(() -> Select.receive(Duration.ofSeconds(30), first, second));
        awaitParked(second.receivers(), 1);

        second.send("hello");

        final SelectResult result = selected.get(10, TimeUnit.SECONDS);
        assertThat(result.index()).isOne();
        assertThat(result.message()).isEqualTo("hello");
        assertThat(first.receivers().size()).isZero();
        assertThat(first.stats().blockedReceives()).isOne();
    }

    @Test
    void aChannelClosedUnderABlockedSelectWakesItAndIsReportedClosed() throws Exception {
        final Channel<String> first = Channel.mpmc(4);
        final Channel<String> second = Channel.mpsc(4);
        final Select select = Select.builder().receive(first).receive(second).build();
        final Future<SelectResult> selected = pool.submit(() -> select.select());
        awaitParked(second.receivers(), 1);

        second.close();

        final SelectResult result = selected.get(10, TimeUnit.SECONDS);
        assertThat(result.index()).isOne();
        assertThat(result.isClosed()).isTrue();
        assertThat(result.channel()).isSameAs(second);
        assertThat(result.message()).isNull();
    }

    @Test
    void aClosedChannelIsReportedOnlyOnceItIsDrained() throws Exception {
        final Channel<String> channel = Channel.mpmc(4);
        channel.send("last");
        channel.close();
        final Select select = Select.builder().receive(channel).build();

        assertThat(select.select(Duration.ZERO).message()).isEqualTo("last");
        assertThat(select.select(Duration.ZERO).isClosed()).isTrue();
    }

    @Test
    void aSendCaseCompletesWhenTheChannelMakesRoom() throws Exception {
        final Channel<String> full = Channel.mpmc(1);
        final Channel<String> empty = Channel.mpmc(1);
        full.send("old");
        final Select select = Select.builder().receive(empty).send(full, "new").build();
        final Future<SelectResult> selected = pool.submit(() -> select.select());
        awaitParked(full.senders(), 1);

        assertThat(full.receive()).isEqualTo("old");

        final SelectResult result = selected.get(10, TimeUnit.SECONDS);
        assertThat(result.index()).isOne();
        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(full.receive()).isEqualTo("new");
        assertThat(select.cases()).isEqualTo(2);
    }

    @Test
    void aSendCaseOnAClosedChannelReportsClosed() throws Exception {
        final Channel<String> channel = Channel.mpsc(1);
        channel.close();

        final SelectResult result = Select.builder().send(channel, "x").build().select();

        assertThat(result.isClosed()).isTrue();
        assertThat(result.index()).isZero();
    }

    @Test
    void readyCasesAreChosenWithoutStarvingAny() {
        final Channel<Integer> first = Channel.mpmc(4);
        final Channel<Integer> second = Channel.mpmc(4);
        final Select select = Select.builder().receive(first).receive(second).build();
        final int[] chosen = new int[2];
        for (int round = 0; round < 1_000; round++) {
            first.trySend(round);
            second.trySend(round);
            chosen[select.selectNow().index()]++;
            first.tryReceive();
            second.tryReceive();
        }

        assertThat(chosen[0]).isGreaterThan(200);
        assertThat(chosen[1]).isGreaterThan(200);
    }

    @Test
    void anInterruptedSelectThrowsInterruptedException() throws Exception {
        final Channel<String> channel = Channel.mpmc(1);
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        final Thread selector = Thread.ofPlatform().start(() -> {
            try {
                Select.builder().receive(channel).build().select();
                failure.complete(null);
            } catch (InterruptedException e) {
                failure.complete(e);
            }
        });
        awaitParked(channel.receivers(), 1);

        selector.interrupt();

        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        selector.join();
        assertThat(channel.receivers().size()).isZero();
    }

    /**
     * Selectors and plain receivers compete for the messages of two channels; every message
     * is taken exactly once, which fails if a wake-up is ever spent on a select that has
     * already completed elsewhere.
     */
    @RepeatedTest(5)
    void selectorsAndReceiversShareTwoChannelsWithoutLosingAMessage() throws Exception {
        final Channel<Integer> first = Channel.mpmc(2);
        final Channel<Integer> second = Channel.mpmc(2);
        final int perChannel = 20_000;
        final AtomicIntegerArray seen = new AtomicIntegerArray(2 * perChannel);
        final AtomicLong taken = new AtomicLong();
        final CyclicBarrier start = new CyclicBarrier(6);
        pool.submit(() -> sendAll(first, 0, perChannel, start));
        pool.submit(() -> sendAll(second, perChannel, perChannel, start));
        final Select select = Select.builder().receive(first).receive(second).build();
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> selectUntilClosed(select, start, seen, taken));
        }
        pool.submit(() -> receiveUntilClosed(first, start, seen, taken));

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (taken.get() < 2L * perChannel) {
            assertThat(System.nanoTime() - deadlineNs).as("all messages taken").isNegative();
            Thread.onSpinWait();
        }
        first.close();
        second.close();
        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("times message %d was taken", i).isOne();
        }
    }

    @Test
    void badArgumentsAreRefused() {
        final Channel<String> channel = Channel.mpmc(1);

        assertThatThrownBy(() -> Select.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cases=0 (expected > 0)");
        assertThatThrownBy(() -> Select.builder().receive(null))
                .isInstanceOf(NullPointerException.class).hasMessage("channel");
        assertThatThrownBy(() -> Select.builder().send(null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("channel");
        assertThatThrownBy(() -> Select.builder().send(channel, null))
                .isInstanceOf(NullPointerException.class).hasMessage("message");
        assertThatThrownBy(() -> Select.receive(Duration.ofMillis(-1), channel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout=PT-0.001S (expected >= 0)");
        assertThatThrownBy(() -> Select.receive(null, channel))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> Select.receive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.builder().receive(channel).build().select(-1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("unit");
    }

    private static Void sendAll(Channel<Integer> channel, int base, int count,
            CyclicBarrier start) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            channel.send(base + i);
        }
        return null;
    }

    private static Void selectUntilClosed(Select select, CyclicBarrier start,
            AtomicIntegerArray seen, AtomicLong taken) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        for (SelectResult result = select.select(); !result.isClosed();
                result = select.select()) {
            assertThat(seen.getAndIncrement((Integer) result.message())).isZero();
            taken.incrementAndGet();
        }
        return null;
    }

    private static Void receiveUntilClosed(Channel<Integer> channel, CyclicBarrier start,
            AtomicIntegerArray seen, AtomicLong taken) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        for (Integer message = channel.receive(); message != null;
                message = channel.receive()) {
            assertThat(seen.getAndIncrement(message)).isZero();
            taken.incrementAndGet();
        }
        return null;
    }
}
