/**
 * Admission control and random bytes: rate limiters, a concurrency limiter, cryptographic
 * and fast random numbers.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li><b>permit</b>: one unit of work a caller asks to be admitted; a request may ask for
 *       several permits at once, all or none of which are granted.</li>
 *   <li><b>key</b>: what a limit is counted per (a user, an address, a route). Each key has
 *       its own state; keys are compared with {@code equals} and {@code hashCode}.</li>
 *   <li><b>outcome</b>: what {@link dev.loopy.util.RateLimiter#tryAcquire(Object, int)}
 *       returns, a {@code long}: {@link dev.loopy.util.RateLimiter#ADMITTED} (zero) when the
 *       permits were granted, otherwise the <b>retry-after</b> in nanoseconds, the shortest
 *       wait after which the same request would be admitted if nothing else happened in
 *       between, or {@link dev.loopy.util.RateLimiter#NEVER} when it can never be.</li>
 *   <li><b>peek</b>: the outcome a request would have now, computed without consuming
 *       anything.</li>
 *   <li><b>eviction</b>: dropping the state of the least recently used key to make room for
 *       a new one when a limiter holds its maximum number of keys.</li>
 *   <li><b>in-flight slot</b>: what a {@link dev.loopy.util.ConcurrencyLimiter} counts, held
 *       between an acquire and its release.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Every limiter may be used from any thread at once, including a loop thread: the state of
 * each key is guarded by one of a fixed set of monitors (a lock stripe), held only for a
 * few arithmetic steps. Nothing blocks on time and nothing runs in the background; state is
 * brought up to date lazily, from the injected {@link dev.loopy.Clock}, on each call.
 * {@link dev.loopy.util.Random} may be used from any thread;
 * {@link dev.loopy.util.FastRandom} from one thread at a time.
 */
package dev.loopy.util;
