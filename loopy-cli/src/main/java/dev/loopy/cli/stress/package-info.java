/**
 * The stress framework behind {@code loopy stress}: scenarios that drive channels, pub/sub
 * and the registry from many threads and verify that every message arrived once, intact,
 * and in the order promised.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li><b>scenario</b>: one named load, such as {@code channel-mpmc}; a
 *       {@link dev.loopy.cli.stress.Scenario} runs one or more rounds.</li>
 *   <li><b>round</b>: one configuration of a scenario (producers, consumers, capacity),
 *       drawn from the seed, run until its message count is sent or its share of the time
 *       budget is spent, then drained.</li>
 *   <li><b>level</b>: how hard to push: {@code quick} (seconds), {@code medium} (about
 *       half a minute), {@code thorough} (minutes); it bounds rounds, counts and time.</li>
 *   <li><b>source</b>: one sender of numbered messages (a producer, a publisher); its
 *       <b>sequence</b> numbers start at 0 and rise by one per message.</li>
 *   <li><b>observer</b>: one receiving thread's view, which knows what order it saw.</li>
 *   <li><b>violation</b>: a message lost, duplicated, reordered against a promise,
 *       corrupted, or received without having been sent (a phantom); or a failure of the
 *       scenario itself.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * A run has one driving thread, which starts the scenario on a thread of its own and
 * prints progress until it ends; scenarios start and join their own platform threads.
 * {@link dev.loopy.cli.stress.SequenceChecker} may be fed from many threads at once, each
 * through its own observer.
 */
package dev.loopy.cli.stress;
