package dev.loopy;

/**
 * A method that only the loop's own thread may call was called from another thread.
 *
 * <p>Its status is always {@link Status#WRONG_THREAD}. The message names the method and both
 * threads.
 */
public final class WrongThreadException extends LoopyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message the method, the calling thread and the loop's thread
     */
    public WrongThreadException(String message) {
        super(Status.WRONG_THREAD, message);
    }
}
