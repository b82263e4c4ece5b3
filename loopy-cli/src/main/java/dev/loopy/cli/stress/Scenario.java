package dev.loopy.cli.stress;

/**
 * One named stress load and the checks that judge it.
 *
 * <p>{@link #run} is called on a thread of the runner's own; it starts and joins whatever
 * threads and loops it needs, feeds {@link SequenceChecker}s, and hands their reports and
 * any failure to the {@link StressContext}. It must return within the level's budget plus
 * a drain timeout per round, and leave no thread or loop behind.
 */
public interface Scenario {
    /**
     * Returns the name given to {@code --scenario}.
     *
     * @return a lower-case name, for example {@code "channel-mpmc"}
     */
    String name();

    /**
     * Returns one line saying what the scenario drives and what it promises.
     *
     * @return the description
     */
    String description();

    /**
     * Runs every round the context's level asks for.
     *
     * @param context the level, the seed, the backend, and where results go
     * @throws InterruptedException if the run was interrupted; the runner records it as a
     *     failure
     */
    void run(StressContext context) throws InterruptedException;
}
