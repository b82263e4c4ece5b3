package dev.loopy.util;

import dev.loopy.LoopyException;

/**
 * Receives the bytes of {@link Random#bytesAsync}, on the loop's thread.
 */
@FunctionalInterface
public interface RandomCallback {
    /**
     * Called once, on the loop's thread, with either the bytes or the failure.
     *
     * @param bytes a new array of the length asked for, owned by the callee; null on failure
     * @param failure why no bytes could be had; null on success
     */
    void onRandom(byte[] bytes, LoopyException failure);
}
