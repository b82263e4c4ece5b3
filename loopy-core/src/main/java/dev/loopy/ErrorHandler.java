package dev.loopy;

/**
 * Receives the exceptions that user callbacks throw, on the loop's thread.
 *
 * <p>The loop goes on after the handler returns. {@link Error}s are not caught: they end
 * {@link Loop#run()}. The default handler logs the failure through {@link System.Logger}
 * at level WARNING.
 */
@FunctionalInterface
public interface ErrorHandler {
    /**
     * Handles a callback's failure.
     *
     * @param loop the loop whose callback failed
     * @param failure what the callback threw
     */
    void onCallbackFailure(Loop loop, RuntimeException failure);
}
