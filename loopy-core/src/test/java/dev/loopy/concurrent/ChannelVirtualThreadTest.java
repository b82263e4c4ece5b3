package dev.loopy.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of virtual threads blocked on small channels complete. On this machine the
 * scheduler has as many carriers as cores, so a single pinned carrier would stall them.
 */
@Timeout(60)
class ChannelVirtualThreadTest {
    @Test
    void thousandsOfVirtualSendersAndReceiversShareAnMpmcChannel() throws Exception {
        final Channel<Integer> channel = Channel.mpmc(16);
        final int senders = 2_000;
        final int perSender = 50;
        final AtomicIntegerArray seen = new AtomicIntegerArray(senders * perSender);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            final List<Future<?>> receivers = new ArrayList<>();
            for (int r = 0; r < 1_000; r++) {
                receivers.add(threads.submit(() -> receiveAll(channel, seen)));
            }
            final List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                final int base = s * perSender;
                sending.add(threads.submit(() -> sendRange(channel, base, perSender)));
            }
            for (Future<?> sender : sending) {
                sender.get(40, TimeUnit.SECONDS);
            }
            channel.close();
            for (Future<?> receiver : receivers) {
                receiver.get(10, TimeUnit.SECONDS);
            }
        }

        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("times message %d was received", i).isOne();
        }
        assertThat(channel.stats().sent()).isEqualTo((long) senders * perSender);
        assertThat(channel.stats().received()).isEqualTo((long) senders * perSender);
    }

    @Test
    void thousandsOfVirtualSendersFeedOneVirtualReceiverOnMpsc() throws Exception {
        final Channel<Integer> channel = Channel.mpsc(4);
        final int senders = 5_000;
        final AtomicIntegerArray seen = new AtomicIntegerArray(senders * 10);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            final Future<?> receiver = threads.submit(() -> receiveAll(channel, seen));
            final List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                final int base = s * 10;
                sending.add(threads.submit(() -> sendRange(channel, base, 10)));
            }
            for (Future<?> sender : sending) {
                sender.get(40, TimeUnit.SECONDS);
            }
            channel.close();
            receiver.get(10, TimeUnit.SECONDS);
        }

        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("times message %d was received", i).isOne();
        }
    }

    @Test
    void aVirtualThreadPairCompletesOnSpscWhileBothBlockOften() throws Exception {
        final Channel<Integer> channel = Channel.spsc(1);
        final AtomicIntegerArray seen = new AtomicIntegerArray(100_000);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            final Future<?> receiver = threads.submit(() -> receiveAll(channel, seen));
            threads.submit(() -> {
                sendRange(channel, 0, seen.length());
                channel.close();
                return null;
            }).get(40, TimeUnit.SECONDS);
            receiver.get(10, TimeUnit.SECONDS);
        }

        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).isOne();
        }
    }

    private static Void sendRange(Channel<Integer> channel, int base, int count)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            channel.send(base + i);
        }
        return null;
    }

    private static Void receiveAll(Channel<Integer> channel, AtomicIntegerArray seen)
            throws InterruptedException {
        for (Integer message = channel.receive(); message != null;
                message = channel.receive()) {
            seen.incrementAndGet(message);
        }
        return null;
    }
}
