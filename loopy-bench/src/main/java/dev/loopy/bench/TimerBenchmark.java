package dev.loopy.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Timer schedule, cancel and expiry with 200 000 live timers, for loopy's wheel (at its
 * default tick and at a tick of 2^20 ns) and three rivals in the same run: Agrona's
 * {@code DeadlineTimerWheel}, Netty's {@code HashedWheelTimer} and the JDK's
 * {@code ScheduledThreadPoolExecutor}.
 *
 * <p>Each trial first schedules the live timers with delays spread evenly at random over
 * 60 to 120 s (an hour more in the expiry trials, whose virtual clocks move on), so none
 * of them fires during a trial. An invocation then measures a batch
 * of {@value #BATCH} operations, reported per operation:
 * <ul>
 *   <li>{@code schedule}: schedule the batch (delays drawn like the live ones); the batch
 *       is cancelled after the measurement;</li>
 *   <li>{@code cancel}: cancel a batch scheduled before the measurement;</li>
 *   <li>{@code expire}: fire a batch that is due. The virtual-clock wheels (loopy, Agrona)
 *       are given a batch spread over the next {@link #EXPIRY_WINDOW_NS} and one advance
 *       of the clock; the rivals with a timer thread are held at a gate while their batch
 *       is scheduled with no delay, and the measurement runs from opening the gate to the
 *       last timer having fired on that thread.</li>
 * </ul>
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is per operation and counts every
 * thread, including the untimed half of each batch and the rivals' own timer threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TimerBenchmark {
    /** Timers scheduled for the whole trial. */
    public static final int LIVE = 200_000;
    /** Operations measured by one invocation. */
    public static final int BATCH = 10_000;
    /** The span of virtual time over which an expiry batch falls due: 2^26 ns, about 67 ms. */
    public static final long EXPIRY_WINDOW_NS = 1L << 26;

    private static final long MIN_DELAY_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long MAX_DELAY_NS = TimeUnit.SECONDS.toNanos(120);
    private static final long EXPIRY_OFFSET_NS = TimeUnit.HOURS.toNanos(1);

    /** The subject of one trial and its live timers. */
    @State(Scope.Thread)
    public abstract static class Timers {
        /** Which implementation is measured. */
        @Param({"loopy", "loopy-1ms", "agrona", "netty", "executor"})
        public String impl;

        TimerSubject subject;
        final long[] delaysNs = new long[LIVE + BATCH];

        /**
         * Builds the subject and schedules the live timers.
         *
         * @param params tells which benchmark the trial runs
         */
        @Setup(Level.Trial)
        public void open(BenchmarkParams params) {
            SplittableRandom random = new SplittableRandom(20_000);
            long offsetNs = params.getBenchmark().endsWith(".expire") ? EXPIRY_OFFSET_NS : 0;
            for (int i = 0; i < delaysNs.length; i++) {
                delaysNs[i] = offsetNs + random.nextLong(MIN_DELAY_NS, MAX_DELAY_NS);
            }
            subject = TimerSubject.create(impl, LIVE + BATCH);
            for (int place = 0; place < LIVE; place++) {
                subject.schedule(place, delaysNs[place]);
            }
        }

        /** Stops the subject. */
        @TearDown(Level.Trial)
        public void close() {
            subject.close();
        }

        void scheduleBatch() {
            for (int i = 0; i < BATCH; i++) {
                subject.schedule(LIVE + i, delaysNs[LIVE + i]);
            }
        }

        void cancelBatch() {
            for (int i = 0; i < BATCH; i++) {
                subject.cancel(LIVE + i);
            }
        }
    }

    /** The timers of {@link #schedule}: cancels the measured batch afterwards. */
    @State(Scope.Thread)
    public static class ForSchedule extends Timers {
        /** Cancels the batch, unmeasured. */
        @TearDown(Level.Invocation)
        public void cancelAfter() {
            cancelBatch();
        }
    }

    /** The timers of {@link #cancel}: schedules the batch beforehand. */
    @State(Scope.Thread)
    public static class ForCancel extends Timers {
        /** Schedules the batch, unmeasured. */
        @Setup(Level.Invocation)
        public void scheduleBefore() {
            scheduleBatch();
        }
    }

    /** The timers of {@link #expire}: makes the batch due beforehand. */
    @State(Scope.Thread)
    public static class ForExpiry extends Timers {
        /** Makes the batch due, unmeasured. */
        @Setup(Level.Invocation)
        public void prepareBefore() {
            subject.prepareExpiry(LIVE, BATCH);
        }
    }

    /**
     * Schedules a batch.
     *
     * @param timers the trial's timers
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void schedule(ForSchedule timers) {
        timers.scheduleBatch();
    }

    /**
     * Cancels a batch.
     *
     * @param timers the trial's timers
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void cancel(ForCancel timers) {
        timers.cancelBatch();
    }

    /**
     * Fires a batch that is due.
     *
     * @param timers the trial's timers
     * @return how many fired
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int expire(ForExpiry timers) {
        return timers.subject.expire();
    }
}
