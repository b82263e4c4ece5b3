package dev.loopy.util;

/**
 * One rate-limiting algorithm: the state it keeps per key and the decision it makes on it.
 *
 * <p>Every method is called with the monitor of the key's lock stripe held, so a rule needs
 * no synchronisation of its own. Rules are immutable; their states are not.
 *
 * @param <S> the per-key state
 */
interface LimitRule<S> extends KeySlots.StatePolicy<S> {
    /**
     * Returns the most permits one request can ever be granted.
     *
     * @return the burst (buckets) or the limit (windows)
     */
    long maxPermits();

    /**
     * Decides a request on a key's state.
     *
     * @param state the key's state
     * @param permits the permits asked for, between 1 and {@link #maxPermits()}
     * @param nowNs the current time; never earlier than a time given before for this state
     *     unless the clock went backwards, which a rule treats as no time passing
     * @param consume true to take the permits if admitted; false to leave the state as it
     *     would be had the call not happened
     * @return {@link RateLimiter#ADMITTED} or the exact retry-after in ns, at least 1
     */
    long decide(S state, int permits, long nowNs, boolean consume);
}
