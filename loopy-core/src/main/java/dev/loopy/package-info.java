/**
 * The loop and what it owns directly: timers, hooks, async handles, options, metrics and the
 * error types.
 *
 * <p>Vocabulary used throughout loopy:
 * <ul>
 *   <li><b>loop</b>: one thread that waits for events and runs their callbacks;</li>
 *   <li><b>iteration</b>: one pass of the loop, from its prepare hooks to its after-sleep
 *       hook;</li>
 *   <li><b>handle</b>: an object owned by a loop (timer, hook, async handle, stream) whose
 *       methods are for the loop's thread unless its type says otherwise;</li>
 *   <li><b>interest</b>: the directions, read and write, a loop watches a descriptor for;
 *       <b>readiness</b>: the directions a descriptor is ready in;</li>
 *   <li><b>submit</b> and <b>reap</b>: hand an operation to the backend, and collect its
 *       <b>completion</b>;</li>
 *   <li><b>deadline</b>: an absolute time on the loop's clock; <b>delay</b>: a time from
 *       now; <b>tick</b>: the resolution of the timer wheel.</li>
 * </ul>
 *
 * <p>Times are nanoseconds of a monotonic {@link dev.loopy.Clock} inside, and
 * {@link java.time.Duration} or a value with a {@link java.util.concurrent.TimeUnit} in the
 * API. Expected outcomes are return values; failures are {@link dev.loopy.LoopyException}s.
 */
package dev.loopy;
