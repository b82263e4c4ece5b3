package dev.loopy;

/**
 * The root of loopy's failures: a status, and for failed system calls the errno and the name
 * of the call.
 *
 * <p>Instances may be created and thrown on any thread. Arguments that break their rule are
 * reported with the JDK's {@link IllegalArgumentException} and {@link NullPointerException},
 * whose messages name the argument; everything that fails at run time is a
 * {@code LoopyException} or one of its subclasses.
 */
public class LoopyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The errno value when no system call is involved. */
    public static final int NO_ERRNO = 0;

    private final Status status;
    private final int errno;
    private final String syscall;

    /**
     * Creates a failure that involves no system call.
     *
     * @param status the outcome class, not null
     * @param message what failed, for the person on call
     */
    public LoopyException(Status status, String message) {
        this(status, message, NO_ERRNO, null, null);
    }

    /**
     * Creates a failure, optionally of a system call.
     *
     * @param status the outcome class, not null
     * @param message what failed, for the person on call
     * @param errno the errno the call left, or {@link #NO_ERRNO}
     * @param syscall the name of the failed call, or null
     * @param cause the underlying failure, or null
     */
    public LoopyException(Status status, String message, int errno, String syscall,
            Throwable cause) {
        super(message, cause);
        if (status == null) {
            throw new NullPointerException("status");
        }
        this.status = status;
        this.errno = errno;
        this.syscall = syscall;
    }

    /**
     * Returns the outcome class of this failure.
     *
     * @return the status, never null
     */
    public Status status() {
        return status;
    }

    /**
     * Returns the errno of the failed system call.
     *
     * @return the errno, or {@link #NO_ERRNO} when no system call failed
     */
    public int errno() {
        return errno;
    }

    /**
     * Returns the name of the failed system call.
     *
     * @return the call's name, for example {@code "epoll_ctl"}, or null
     */
    public String syscall() {
        return syscall;
    }
}
