package dev.loopy;

/**
 * A snapshot of a loop's counters, taken by {@link Loop#metrics()}.
 *
 * <p>Counters only grow from the loop's creation. Times are in nanoseconds of the system's
 * monotonic clock, whatever clock the loop's timers use.
 *
 * @param iterations iterations run
 * @param events readiness events and completions dispatched
 * @param timersFired timer callbacks run
 * @param tasksRun tasks given to {@link Loop#execute(Runnable)} that ran
 * @param asyncCallbacks async handle callbacks run
 * @param callbackFailures exceptions thrown by callbacks and given to the error handler
 * @param pollTimeNs time spent waiting in the backend's poll
 * @param runTimeNs time spent inside {@link Loop#run(RunMode)}, poll included
 * @param syscalls system calls made by the backend; 0 where it cannot count them
 */
public record LoopMetrics(
        long iterations,
        long events,
        long timersFired,
        long tasksRun,
        long asyncCallbacks,
        long callbackFailures,
        long pollTimeNs,
        long runTimeNs,
        long syscalls) {

    /**
     * Returns the time spent outside the poll, running callbacks and bookkeeping.
     *
     * @return {@code runTimeNs - pollTimeNs}, in nanoseconds
     */
    public long busyTimeNs() {
        return Math.max(0, runTimeNs - pollTimeNs);
    }

    /**
     * Returns the share of run time spent outside the poll.
     *
     * @return a ratio in {@code [0, 1]}, 0 when the loop has not run
     */
    public double busyRatio() {
        return runTimeNs == 0 ? 0.0 : (double) busyTimeNs() / runTimeNs;
    }

    /**
     * Returns the mean number of backend system calls per iteration.
     *
     * @return {@code syscalls / iterations}, 0 when the loop has not run
     */
    public double syscallsPerIteration() {
        return iterations == 0 ? 0.0 : (double) syscalls / iterations;
    }
}
