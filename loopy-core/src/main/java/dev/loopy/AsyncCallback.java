package dev.loopy;

/**
 * Called on the loop's thread after one or more {@link AsyncHandle#send()} calls.
 */
@FunctionalInterface
public interface AsyncCallback {
    /**
     * Handles the sends that arrived since the previous call.
     *
     * @param handle the handle that was sent to
     */
    void onAsync(AsyncHandle handle);
}
