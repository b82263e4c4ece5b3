package dev.loopy;

/**
 * A loop, handle or channel was used after it was closed.
 *
 * <p>Thrown on the thread that made the call. Its status is always {@link Status#CLOSED}.
 */
public final class ClosedException extends LoopyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param what the closed thing and the refused operation, for example
     *     {@code "loop is closed (register)"}
     */
    public ClosedException(String what) {
        super(Status.CLOSED, what);
    }
}
