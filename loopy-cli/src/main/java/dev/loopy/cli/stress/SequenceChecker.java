package dev.loopy.cli.stress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds lost, duplicated, reordered, corrupted and phantom messages among the numbered
 * messages of several sources, as received by one or more threads.
 *
 * <p>Any thread may record, concurrently, each through its own {@link Observer}: a bit per
 * sequence, set by an atomic or, catches every second arrival of a message whichever
 * threads saw the two; each observer keeps the highest sequence it saw per source, so it
 * catches a message arriving after a later one from the same source. Call
 * {@link #verify(long[])} once every observer has stopped (after joining the receiving
 * threads); it counts what was sent and never arrived.
 *
 * <p>One checker stands for one delivery promise. Competing consumers that share the
 * messages (a channel's consumers, a queue group) share one checker, and each is ordered
 * only if each consumer is promised to see its share in order. Each receiver of a broadcast
 * gets a checker of its own, since each must see everything.
 */
public final class SequenceChecker {
    /** The most violations kept as examples for the report; all are counted. */
    public static final int MAX_EXAMPLES = 12;

    /** Volatile-mode access to the words of the bit sets, shared by all observers. */
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

    private final String name;
    private final int sources;
    private final long maxPerSource;
    private final long[][] seen;
    private final LongAdder duplicated = new LongAdder();
    private final LongAdder reordered = new LongAdder();
    private final LongAdder corrupt = new LongAdder();
    private final LongAdder phantom = new LongAdder();
    private final ConcurrentLinkedQueue<Violation> examples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger exampleCount = new AtomicInteger();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();

    /**
     * Creates a checker.
     *
     * @param name what the checker watches, for the report, not null
     * @param sources how many sources, numbered from 0, at least 1
     * @param maxPerSource the most messages one source can send, at least 1 and below 2^37
     * @throws IllegalArgumentException if a bound is out of range
     */
    public SequenceChecker(String name, int sources, long maxPerSource) {
        this.name = Objects.requireNonNull(name, "name");
        if (sources < 1) {
            throw new IllegalArgumentException("sources=" + sources + " (expected > 0)");
        }
        if (maxPerSource < 1 || maxPerSource >= 1L << 37) {
            throw new IllegalArgumentException("maxPerSource=" + maxPerSource
                    + " (expected 1..2^37-1)");
        }
        this.sources = sources;
        this.maxPerSource = maxPerSource;
        this.seen = new long[sources][];
        for (int source = 0; source < sources; source++) {
            seen[source] = new long[(int) ((maxPerSource + 63) >>> 6)];
        }
    }

    /**
     * Creates the view of one receiving thread.
     *
     * @param ordered true if this receiver is promised each source's messages in the order
     *     they were sent (gaps allowed: other receivers may take the rest)
     * @return a new observer, for the calling thread only
     */
    public Observer observer(boolean ordered) {
        Observer observer = new Observer(ordered);
        observers.add(observer);
        return observer;
    }

    /**
     * Counts what arrived against what was sent. Call once every observer has stopped.
     *
     * @param sent how many messages each source sent, sequences 0 to sent - 1
     * @return the report
     * @throws IllegalArgumentException if sent does not have one count per source
     */
    public SequenceReport verify(long[] sent) {
        if (sent.length != sources) {
            throw new IllegalArgumentException("sent.length=" + sent.length
                    + " (expected " + sources + ")");
        }
        long lost = 0;
        long phantomSeen = 0;
        List<Violation> found = new ArrayList<>(examples);
        for (int source = 0; source < sources; source++) {
            long sentCount = Math.min(sent[source], maxPerSource);
            lost += countClear(seen[source], 0, sentCount);
            phantomSeen += countSet(seen[source], sentCount, maxPerSource);
            addLossExamples(found, source, sentCount);
        }
        long totalSent = 0;
        for (long count : sent) {
            totalSent += count;
        }
        long received = 0;
        for (Observer observer : observers) {
            received += observer.received;
        }
        return new SequenceReport(name, totalSent, received, lost, duplicated.sum(),
                reordered.sum(), corrupt.sum(), phantom.sum() + phantomSeen,
                List.copyOf(found.subList(0, Math.min(found.size(), MAX_EXAMPLES))));
    }

    /** The view of one receiving thread; for that thread only. */
    public final class Observer {
        private final boolean ordered;
        private final long[] highest;
        private long received;

        private Observer(boolean ordered) {
            this.ordered = ordered;
            this.highest = new long[sources];
            Arrays.fill(highest, -1L);
        }

        /**
         * Records the arrival of a message, checking its checksum first.
         *
         * @param message the message received
         */
        public void record(StressMessage message) {
            if (!message.intact()) {
                received++;
                corrupt.increment();
                keep(new Violation(ViolationKind.CORRUPT, message.source(),
                        message.sequence(), "checksum " + Long.toHexString(message.checksum())
                        + " does not match"));
                return;
            }
            record(message.source(), message.sequence());
        }

        /**
         * Records the arrival of a message.
         *
         * @param source the message's source
         * @param sequence the message's sequence
         */
        public void record(int source, long sequence) {
            received++;
            if (source < 0 || source >= sources || sequence < 0 || sequence >= maxPerSource) {
                phantom.increment();
                keep(new Violation(ViolationKind.PHANTOM, source, sequence,
                        "outside every range a source can send"));
                return;
            }
            if (!markFirst(seen[source], sequence)) {
                duplicated.increment();
                keep(new Violation(ViolationKind.DUPLICATE, source, sequence,
                        "arrived again"));
                return;
            }
            if (sequence < highest[source] && ordered) {
                reordered.increment();
                keep(new Violation(ViolationKind.REORDER, source, sequence,
                        "arrived after sequence " + highest[source]));
            }
            highest[source] = Math.max(highest[source], sequence);
        }

        /**
         * Returns how many messages this observer recorded.
         *
         * @return the count
         */
        public long received() {
            return received;
        }
    }

    private void keep(Violation violation) {
        if (exampleCount.getAndIncrement() < MAX_EXAMPLES) {
            examples.add(violation);
        }
    }

    /** Sets a sequence's bit; returns false if it was already set. */
    private static boolean markFirst(long[] bits, long sequence) {
        long mask = 1L << sequence;
        long before = (long) WORD.getAndBitwiseOr(bits, (int) (sequence >>> 6), mask);
        return (before & mask) == 0;
    }

    private static boolean isSet(long[] bits, long sequence) {
        return (word(bits, (int) (sequence >>> 6)) & (1L << sequence)) != 0;
    }

    private static long word(long[] bits, int index) {
        return (long) WORD.getVolatile(bits, index);
    }

    private static long countSet(long[] bits, long from, long to) {
        long count = 0;
        for (long sequence = from; sequence < to; ) {
            int word = (int) (sequence >>> 6);
            long wordEnd = Math.min(to, ((long) word + 1) << 6);
            long mask = rangeMask(sequence, wordEnd);
            count += Long.bitCount(word(bits, word) & mask);
            sequence = wordEnd;
        }
        return count;
    }

    private static long countClear(long[] bits, long from, long to) {
        return to - from - countSet(bits, from, to);
    }

    /** The bits of one word from {@code from} (inclusive) to {@code to} (exclusive). */
    private static long rangeMask(long from, long to) {
        int low = (int) (from & 63);
        int width = (int) (to - from);
        long ones = width == 64 ? -1L : (1L << width) - 1;
        return ones << low;
    }

    /** Adds a violation per run of lost sequences, until the examples are full. */
    private void addLossExamples(List<Violation> found, int source, long sentCount) {
        long sequence = 0;
        while (sequence < sentCount && found.size() < MAX_EXAMPLES) {
            if (isSet(seen[source], sequence)) {
                sequence++;
                continue;
            }
            long first = sequence;
            while (sequence < sentCount && !isSet(seen[source], sequence)) {
                sequence++;
            }
            found.add(new Violation(ViolationKind.LOSS, source, first,
                    (sequence - first) + " in a row never arrived (of " + sentCount
                    + " sent)"));
        }
    }
}
