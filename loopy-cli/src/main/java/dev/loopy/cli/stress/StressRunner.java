package dev.loopy.cli.stress;

import dev.loopy.Backend;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario on a thread of its own, shows progress until it ends, and prints its
 * report.
 *
 * <p>Used by one thread. A scenario that has not returned by its hard deadline (twice the
 * level's budget plus a drain timeout per round) is reported as a failure and left to its
 * daemon threads.
 */
public final class StressRunner {
    private final PrintWriter out;
    private final Progress.Mode mode;

    /**
     * Creates a runner.
     *
     * @param out where progress and reports go
     * @param mode how progress is shown
     */
    public StressRunner(PrintWriter out, Progress.Mode mode) {
        this.out = out;
        this.mode = mode;
    }

    /**
     * Runs a scenario and prints its report.
     *
     * @param scenario the scenario
     * @param level the level
     * @param seed the seed
     * @param backend the loop backend, or null for the default
     * @return the result
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public StressResult run(Scenario scenario, StressLevel level, long seed, Backend backend)
            throws InterruptedException {
        StressContext context = new StressContext(scenario.name(), level, seed, backend);
        Progress progress = new Progress(out, mode);
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofPlatform().name("stress-" + scenario.name()).daemon()
                .start(() -> runScenario(scenario, context, done));

        long hardDeadlineNs = System.nanoTime() + hardTimeout(level).toNanos();
        while (!done.await(progress.intervalMs(), TimeUnit.MILLISECONDS)) {
            progress.show(context.progressLine());
            if (System.nanoTime() - hardDeadlineNs > 0) {
                context.fail(scenario.name() + " did not finish within "
                        + hardTimeout(level));
                break;
            }
        }
        progress.finish();

        StressResult result = context.result();
        result.lines().forEach(out::println);
        out.flush();
        return result;
    }

    /**
     * Returns how long a scenario of a level may run before it is declared hung.
     *
     * @param level the level
     * @return twice the budget plus a drain timeout per round
     */
    public static Duration hardTimeout(StressLevel level) {
        return level.budget().multipliedBy(2)
                .plus(level.drainTimeout().multipliedBy(level.rounds()));
    }

    private static void runScenario(Scenario scenario, StressContext context,
            CountDownLatch done) {
        try {
            scenario.run(context);
        } catch (InterruptedException e) {
            context.fail(scenario.name() + " interrupted");
        } catch (Exception | Error e) {
            context.fail(scenario.name() + " threw " + e);
        } finally {
            done.countDown();
        }
    }
}
