package dev.loopy.concurrent;

import java.util.Objects;

/**
 * How a piece of work settled, as its {@link WorkCallback} receives it.
 *
 * <p>Immutable. Exactly one of three: {@link WorkState#COMPLETED} with the value the work
 * returned (which may be null), {@link WorkState#FAILED} with what it threw, or
 * {@link WorkState#CANCELLED} with neither.
 *
 * @param <T> the type of the value
 * @param state {@link WorkState#COMPLETED}, {@link WorkState#FAILED} or
 *     {@link WorkState#CANCELLED}
 * @param value the returned value when completed, else null
 * @param failure what the work threw when failed, else null
 */
public record WorkResult<T>(WorkState state, T value, Throwable failure) {
    /**
     * Checks that the components describe one settled outcome.
     *
     * @throws IllegalArgumentException if the state is not settled, or the failure does not
     *     match it
     */
    public WorkResult {
        Objects.requireNonNull(state, "state");
        boolean settled = state == WorkState.COMPLETED || state == WorkState.FAILED
                || state == WorkState.CANCELLED;
        if (!settled || (state == WorkState.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("state=" + state.label() + ", failure="
                    + failure + " (expected completed, cancelled, or failed with a failure)");
        }
    }

    /**
     * Tells whether the work returned a value.
     *
     * @return true when {@link WorkState#COMPLETED}
     */
    public boolean isCompleted() {
        return state == WorkState.COMPLETED;
    }

    /**
     * Tells whether the work was cancelled.
     *
     * @return true when {@link WorkState#CANCELLED}
     */
    public boolean isCancelled() {
        return state == WorkState.CANCELLED;
    }
}
