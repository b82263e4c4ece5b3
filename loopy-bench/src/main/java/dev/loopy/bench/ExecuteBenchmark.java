package dev.loopy.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cross-thread hand-over to an event loop, loopy's {@code Loop} beside Netty's event loops
 * in the same run:
 * <ul>
 *   <li>{@code roundTrip}: the benchmark thread executes a task on the loop and waits
 *       (a short spin, then park) until the task has run there; one operation is one round
 *       trip, so the figure includes waking the loop and being woken back;</li>
 *   <li>{@code coalesced}: the benchmark thread sends on a wake-up handle as fast as it
 *       can; the loop runs one callback per group of sends that found none pending. The
 *       {@code sends} and {@code callbacks} counters give the coalescing.</li>
 * </ul>
 * loopy wakes through {@code AsyncHandle.send}; Netty through a flag and
 * {@code execute}, the usual way to coalesce there.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExecuteBenchmark {
    private static final int SPINS_BEFORE_PARK = 2_000;

    /** A started loop of one implementation. */
    @State(Scope.Thread)
    public static class Target {
        /** Which loop is measured. */
        @Param({"loopy", "loopy-epoll", "loopy-nio", "netty-nio", "netty-default"})
        public String impl;

        ExecuteSubject subject;
        final Reply reply = new Reply();

        /** Starts the loop. */
        @Setup(Level.Trial)
        public void open() {
            subject = ExecuteSubject.create(impl);
        }

        /** Stops the loop. */
        @TearDown(Level.Trial)
        public void close() {
            subject.close();
        }
    }

    /** The counts of {@link #coalesced}, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Coalescing {
        /** Sends made in the iteration. */
        public long sends;
        private volatile long callbacksRun;
        private long callbacksAtStart;
        ExecuteSubject.Wakeup wakeup;

        /**
         * Creates the wake-up handle.
         *
         * @param target the loop
         */
        @Setup(Level.Trial)
        public void open(Target target) {
            wakeup = target.subject.wakeup(this::callbackRan);
        }

        /** Starts counting an iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            sends = 0;
            callbacksAtStart = callbacksRun;
        }

        /**
         * Returns the callbacks run in the iteration.
         *
         * @return the count
         */
        public long callbacks() {
            return callbacksRun - callbacksAtStart;
        }

        private void callbackRan() {
            callbacksRun = callbacksRun + 1;
        }
    }

    /**
     * One round trip: execute a task on the loop and wait for it to have run.
     *
     * @param target the loop
     */
    @Benchmark
    public void roundTrip(Target target) {
        Reply reply = target.reply;
        reply.arm();
        target.subject.execute(reply);
        reply.await();
    }

    /**
     * One send on a coalescing wake-up handle.
     *
     * @param target the loop
     * @param coalescing the handle and its counters
     */
    @Benchmark
    public void coalesced(Target target, Coalescing coalescing) {
        coalescing.wakeup.send();
        coalescing.sends++;
    }

    /** The task of a round trip; it wakes the benchmark thread from the loop's thread. */
    static final class Reply implements Runnable {
        private volatile boolean done;
        private volatile boolean parked;
        private Thread waiter;

        void arm() {
            waiter = Thread.currentThread();
            done = false;
        }

        @Override
        public void run() {
            done = true;
            if (parked) {
                LockSupport.unpark(waiter);
            }
        }

        void await() {
            for (int spin = 0; spin < SPINS_BEFORE_PARK; spin++) {
                if (done) {
                    return;
                }
                Thread.onSpinWait();
            }
            parked = true;
            while (!done) {
                LockSupport.park(this);
            }
            parked = false;
        }
    }
}
