package dev.loopy.bench;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.loopy.concurrent.Channel;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;

/**
 * Messages per second through a bounded channel of each shape, loopy against its rivals.
 *
 * <p>Groups: {@code spsc} (1 sender, 1 receiver), {@code mpsc} (2 senders, 1 receiver),
 * {@code mpmc} (2 senders, 2 receivers), on a 2-core machine. The figure to read is the
 * {@code received} counter: messages taken out per second, summed over receivers.
 *
 * <p>Implementations ({@code impl}):
 * <ul>
 *   <li>{@code loopy}: the channel's waiting operations (spin, yield, then park), timed at
 *       1 ms so that a thread can leave when the iteration ends;</li>
 *   <li>{@code loopy-try}: the channel's {@code trySend}/{@code tryReceive} under the same
 *       spin-then-yield loop as the non-blocking rivals;</li>
 *   <li>{@code jctools}: SpscArrayQueue, MpscArrayQueue or MpmcArrayQueue, spin then yield
 *       on full and empty (64 spins, then yields, as loopy's own wait before it parks);</li>
 *   <li>{@code abq}: ArrayBlockingQueue, timed offer and poll;</li>
 *   <li>{@code ltq}: LinkedTransferQueue, timed poll; it is unbounded, so senders hold
 *       back, counted in steps of 256, once about a capacity of messages is in flight;</li>
 *   <li>{@code disruptor}: an LMAX ring buffer, tryNext/publish and an EventPoller, spin
 *       then yield (single-producer sequencer for spsc); it has no competing-consumer mode,
 *       so its mpmc figure is not measured.</li>
 * </ul>
 *
 * <p>Run with {@code java -cp ... org.openjdk.jmh.Main ChannelBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
@State(Scope.Group)
public class ChannelBenchmark {
    private static final Integer MESSAGE = 42;
    private static final int SPINS = 64;

    @Param({"loopy", "loopy-try", "jctools", "abq", "ltq", "disruptor"})
    public String impl;

    @Param("1024")
    public int capacity;

    private ChannelTransfer transfer;

    /** Counts the messages each receiving thread took. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ChannelCounts {
        /** Messages taken out by this thread. */
        public long received;

        /** Clears the count before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            received = 0;
        }
    }

    /** Creates the implementation for the group being run. */
    @Setup(Level.Trial)
    public void createTransfer(BenchmarkParams params) {
        final String group = params.getBenchmark().replaceAll(".*\\.", "")
                .replaceAll("(Send|Receive)$", "").toLowerCase(Locale.ROOT);
        transfer = ChannelTransfer.create(impl, group, capacity);
    }

    /** The single sender of the spsc group. */
    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void spscSend(Control control) throws InterruptedException {
        transfer.send(MESSAGE, control);
    }

    /** The single receiver of the spsc group. */
    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void spscReceive(Control control, ChannelCounts counts) throws InterruptedException {
        counts.received += transfer.receive(control);
    }

    /** One of two senders of the mpsc group. */
    @Benchmark
    @Group("mpsc")
    @GroupThreads(2)
    public void mpscSend(Control control) throws InterruptedException {
        transfer.send(MESSAGE, control);
    }

    /** The single receiver of the mpsc group. */
    @Benchmark
    @Group("mpsc")
    @GroupThreads(1)
    public void mpscReceive(Control control, ChannelCounts counts) throws InterruptedException {
        counts.received += transfer.receive(control);
    }

    /** One of two senders of the mpmc group. */
    @Benchmark
    @Group("mpmc")
    @GroupThreads(2)
    public void mpmcSend(Control control) throws InterruptedException {
        transfer.send(MESSAGE, control);
    }

    /** One of two receivers of the mpmc group. */
    @Benchmark
    @Group("mpmc")
    @GroupThreads(2)
    public void mpmcReceive(Control control, ChannelCounts counts) throws InterruptedException {
        counts.received += transfer.receive(control);
    }

    static void backOff(int attempt) {
        if (attempt < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** One implementation under test, seen through the two operations measured. */
    abstract static class ChannelTransfer {
        /** Sends one message, or returns when the measurement ends. */
        abstract void send(Integer message, Control control) throws InterruptedException;

        /** Receives what it can; returns how many messages it took. */
        abstract int receive(Control control) throws InterruptedException;

        static ChannelTransfer create(String impl, String group, int capacity) {
            final Channel.Shape shape = Channel.Shape.valueOf(group.toUpperCase(Locale.ROOT));
            return switch (impl) {
                case "loopy" -> new ChannelLoopy(Channel.create(shape, capacity));
                case "loopy-try" -> new ChannelLoopyTry(Channel.create(shape, capacity));
                case "jctools" -> new ChannelQueue(jctools(shape, capacity));
                case "abq" -> new ChannelBlockingQueue(new ArrayBlockingQueue<>(capacity));
                case "ltq" -> new ChannelTransferQueue(capacity);
                case "disruptor" -> new ChannelDisruptor(shape, capacity);
                default -> throw new IllegalArgumentException("impl=" + impl);
            };
        }

        private static Queue<Integer> jctools(Channel.Shape shape, int capacity) {
            return switch (shape) {
                case SPSC -> new SpscArrayQueue<>(capacity);
                case MPSC -> new MpscArrayQueue<>(capacity);
                case MPMC -> new MpmcArrayQueue<>(capacity);
            };
        }
    }

    static final class ChannelLoopy extends ChannelTransfer {
        private final Channel<Integer> channel;

        ChannelLoopy(Channel<Integer> channel) {
            this.channel = channel;
        }

        @Override
        void send(Integer message, Control control) throws InterruptedException {
            while (!channel.send(message, 1, TimeUnit.MILLISECONDS)) {
                if (control.stopMeasurement) {
                    return;
                }
            }
        }

        @Override
        int receive(Control control) throws InterruptedException {
            return channel.receive(1, TimeUnit.MILLISECONDS) != null ? 1 : 0;
        }
    }

    static final class ChannelLoopyTry extends ChannelTransfer {
        private final Channel<Integer> channel;

        ChannelLoopyTry(Channel<Integer> channel) {
            this.channel = channel;
        }

        @Override
        void send(Integer message, Control control) {
            for (int attempt = 0; !channel.trySend(message); attempt++) {
                if (control.stopMeasurement) {
                    return;
                }
                backOff(attempt);
            }
        }

        @Override
        int receive(Control control) {
            for (int attempt = 0; channel.tryReceive() == null; attempt++) {
                if (control.stopMeasurement) {
                    return 0;
                }
                backOff(attempt);
            }
            return 1;
        }
    }

    static final class ChannelQueue extends ChannelTransfer {
        private final Queue<Integer> queue;

        ChannelQueue(Queue<Integer> queue) {
            this.queue = queue;
        }

        @Override
        void send(Integer message, Control control) {
            for (int attempt = 0; !queue.offer(message); attempt++) {
                if (control.stopMeasurement) {
                    return;
                }
                backOff(attempt);
            }
        }

        @Override
        int receive(Control control) {
            for (int attempt = 0; queue.poll() == null; attempt++) {
                if (control.stopMeasurement) {
                    return 0;
                }
                backOff(attempt);
            }
            return 1;
        }
    }

    static final class ChannelBlockingQueue extends ChannelTransfer {
        private final ArrayBlockingQueue<Integer> queue;

        ChannelBlockingQueue(ArrayBlockingQueue<Integer> queue) {
            this.queue = queue;
        }

        @Override
        void send(Integer message, Control control) throws InterruptedException {
            while (!queue.offer(message, 1, TimeUnit.MILLISECONDS)) {
                if (control.stopMeasurement) {
                    return;
                }
            }
        }

        @Override
        int receive(Control control) throws InterruptedException {
            return queue.poll(1, TimeUnit.MILLISECONDS) != null ? 1 : 0;
        }
    }

    /** LinkedTransferQueue, held to about a capacity of messages in flight. */
    static final class ChannelTransferQueue extends ChannelTransfer {
        private static final int STEP = 256;
        private final LinkedTransferQueue<Integer> queue = new LinkedTransferQueue<>();
        private final AtomicLong sentSteps = new AtomicLong();
        private final AtomicLong receivedSteps = new AtomicLong();
        private final ThreadLocal<int[]> counts = ThreadLocal.withInitial(() -> new int[1]);
        private final long maxStepsInFlight;

        ChannelTransferQueue(int capacity) {
            maxStepsInFlight = Math.max(1, capacity / STEP);
        }

        @Override
        void send(Integer message, Control control) {
            final int[] count = counts.get();
            if (++count[0] == STEP) {
                count[0] = 0;
                final long sent = sentSteps.incrementAndGet();
                for (int attempt = 0; sent - receivedSteps.get() > maxStepsInFlight; attempt++) {
                    if (control.stopMeasurement) {
                        return;
                    }
                    backOff(attempt);
                }
            }
            queue.offer(message);
        }

        @Override
        int receive(Control control) throws InterruptedException {
            if (queue.poll(1, TimeUnit.MILLISECONDS) == null) {
                return 0;
            }
            final int[] count = counts.get();
            if (++count[0] == STEP) {
                count[0] = 0;
                receivedSteps.incrementAndGet();
            }
            return 1;
        }
    }

    /** The LMAX Disruptor's ring buffer, consumed through an EventPoller. */
    static final class ChannelDisruptor extends ChannelTransfer {
        private final RingBuffer<Object[]> ring;
        private final EventPoller<Object[]> poller;
        private final EventPoller.Handler<Object[]> handler = this::take;
        /** Receiver thread only: there is one receiver in the shapes measured. */
        private int taken;

        ChannelDisruptor(Channel.Shape shape, int capacity) {
            if (shape == Channel.Shape.MPMC) {
                throw new UnsupportedOperationException("the Disruptor has no mpmc mode");
            }
            final int size = Integer.highestOneBit(capacity - 1) << 1;
            ring = shape == Channel.Shape.SPSC
                    ? RingBuffer.createSingleProducer(() -> new Object[1], size,
                            new YieldingWaitStrategy())
                    : RingBuffer.createMultiProducer(() -> new Object[1], size,
                            new YieldingWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
        }

        @Override
        void send(Integer message, Control control) {
            for (int attempt = 0; ; attempt++) {
                try {
                    final long sequence = ring.tryNext();
                    ring.get(sequence)[0] = message;
                    ring.publish(sequence);
                    return;
                } catch (InsufficientCapacityException full) {
                    if (control.stopMeasurement) {
                        return;
                    }
                    backOff(attempt);
                }
            }
        }

        @Override
        int receive(Control control) throws InterruptedException {
            taken = 0;
            for (int attempt = 0; ; attempt++) {
                try {
                    poller.poll(handler);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (taken > 0 || control.stopMeasurement) {
                    return taken;
                }
                backOff(attempt);
            }
        }

        private boolean take(Object[] event, long sequence, boolean endOfBatch) {
            event[0] = null;
            taken++;
            return true;
        }
    }
}
