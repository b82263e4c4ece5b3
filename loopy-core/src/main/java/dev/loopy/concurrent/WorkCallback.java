package dev.loopy.concurrent;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * Receives how a piece of work settled.
 *
 * <p>Called on the loop thread of the {@link WorkQueue}, exactly once per accepted piece of
 * work: completed, failed or cancelled. An exception it throws goes to the loop's error
 * handler.
 *
 * @param <T> the type of the work's value
 */
@FunctionalInterface
public interface WorkCallback<T> {
    /**
     * Handles the outcome.
     *
     * @param result the outcome
     */
    void onComplete(WorkResult<T> result);

    /**
     * Adapts a {@code (value, failure)} callback: completed work passes its value and null,
     * failed work null and what it threw, cancelled work null and a
     * {@link CancellationException}.
     *
     * @param <T> the type of the work's value
     * @param callback the two-argument callback
     * @return the adapted callback
     */
    static <T> WorkCallback<T> of(BiConsumer<? super T, ? super Throwable> callback) {
        Objects.requireNonNull(callback, "callback");
        return result -> {
            Throwable failure = result.isCancelled()
                    ? new CancellationException("work was cancelled") : result.failure();
            callback.accept(result.value(), failure);
        };
    }
}
