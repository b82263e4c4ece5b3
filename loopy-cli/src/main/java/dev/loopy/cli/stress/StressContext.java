package dev.loopy.cli.stress;

import dev.loopy.Backend;
import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import dev.loopy.util.FastRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link Scenario} is given to run with, and where it puts what it found.
 *
 * <p>Any thread may call any method: scenario workers count messages and report failures
 * concurrently; the runner reads the progress line from its own thread.
 */
public final class StressContext {
    private final String scenario;
    private final StressLevel level;
    private final long seed;
    private final Backend backend;
    private final long startNs = System.nanoTime();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final List<SequenceReport> reports = new ArrayList<>();
    private final List<Violation> failures = new ArrayList<>();
    private volatile String stage = "starting";

    /**
     * Creates the context of one run.
     *
     * @param scenario the scenario's name
     * @param level the level, not null
     * @param seed the seed every random choice derives from
     * @param backend the loop backend scenarios use, or null for the default
     */
    public StressContext(String scenario, StressLevel level, long seed, Backend backend) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.level = Objects.requireNonNull(level, "level");
        this.seed = seed;
        this.backend = backend;
    }

    /**
     * Returns the level.
     *
     * @return the level
     */
    public StressLevel level() {
        return level;
    }

    /**
     * Returns the seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the backend asked for.
     *
     * @return the backend, or null for the loop's default
     */
    public Backend backend() {
        return backend;
    }

    /**
     * Returns a generator for one stream of choices: the same seed and stream give the
     * same values on every run.
     *
     * @param stream a number naming what the values are for (a round, a worker)
     * @return a new generator, for one thread
     */
    public FastRandom random(long stream) {
        return new FastRandom(seed ^ Long.rotateLeft(stream * 0xD1B54A32D192ED03L, 23));
    }

    /**
     * Creates a loop on the backend asked for. The caller closes it.
     *
     * @return a new loop
     */
    public Loop newLoop() {
        if (backend == null) {
            return Loop.create();
        }
        return Loop.create(LoopOptions.builder().backend(backend).build());
    }

    /**
     * Returns the time one round may spend sending.
     *
     * @return the level's budget divided among its rounds
     */
    public Duration roundBudget() {
        return level.budget().dividedBy(level.rounds());
    }

    /**
     * Names what the scenario is doing now, for the progress line.
     *
     * @param description for example {@code "round 2/3 producers=2 consumers=1"}
     */
    public void stage(String description) {
        stage = description;
    }

    /**
     * Counts messages sent, for the progress line and the summary.
     *
     * @param count how many more were sent
     */
    public void sent(long count) {
        sent.add(count);
    }

    /**
     * Counts messages received, for the progress line and the summary.
     *
     * @param count how many more were received
     */
    public void received(long count) {
        received.add(count);
    }

    /**
     * Adds the report of a checker.
     *
     * @param report the report
     */
    public void report(SequenceReport report) {
        synchronized (reports) {
            reports.add(report);
        }
    }

    /**
     * Records a failure of the scenario itself: an exception, a timeout, a broken
     * invariant. The report names the stage it happened in.
     *
     * @param detail what failed
     */
    public void fail(String detail) {
        synchronized (failures) {
            failures.add(Violation.failure("[" + stage + "] " + detail));
        }
    }

    /**
     * Tells whether anything failed so far.
     *
     * @return true after a failure or a report that did not pass
     */
    public boolean failed() {
        synchronized (failures) {
            if (!failures.isEmpty()) {
                return true;
            }
        }
        synchronized (reports) {
            return reports.stream().anyMatch(report -> !report.passed());
        }
    }

    /**
     * Returns the progress line: stage, time, counts and rate.
     *
     * @return one line without a line break
     */
    public String progressLine() {
        double seconds = elapsedNs() / 1e9;
        long receivedNow = received.sum();
        double rate = seconds > 0 ? receivedNow / seconds : 0;
        return String.format("%s %s | %s | %.1f s | sent %d received %d | %.2f M/s",
                scenario, level.label(), stage, seconds, sent.sum(), receivedNow, rate / 1e6);
    }

    /**
     * Returns the result of the run so far.
     *
     * @return a new result
     */
    public StressResult result() {
        synchronized (reports) {
            synchronized (failures) {
                return new StressResult(scenario, level, seed,
                        backend == null ? "default" : backend.label(), elapsedNs(),
                        sent.sum(), received.sum(), List.copyOf(reports),
                        List.copyOf(failures));
            }
        }
    }

    private long elapsedNs() {
        return System.nanoTime() - startNs;
    }
}
