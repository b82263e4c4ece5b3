package dev.loopy.cluster;

import java.util.Objects;

/**
 * The result of {@link Registry#compareAndSet(String, long, byte[])}.
 *
 * <p>Immutable.
 *
 * @param outcome whether the value was stored
 * @param version after {@link CasOutcome#SET}, the new version of the entry; after
 *     {@link CasOutcome#CONFLICT}, the version the entry has, or {@link ConfigEntry#ABSENT}
 *     if the key has no entry
 */
public record CasResult(CasOutcome outcome, long version) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code outcome} is null
     */
    public CasResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Tells whether the value was stored.
     *
     * @return true for {@link CasOutcome#SET}
     */
    public boolean succeeded() {
        return outcome == CasOutcome.SET;
    }
}
