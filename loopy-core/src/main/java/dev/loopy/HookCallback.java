package dev.loopy;

/**
 * Called on the loop's thread at a fixed point of every iteration by a {@link Hook}.
 */
@FunctionalInterface
public interface HookCallback {
    /**
     * Runs the hook's work. The hook may be stopped or closed from here.
     *
     * @param hook the hook that runs
     */
    void onHook(Hook hook);
}
