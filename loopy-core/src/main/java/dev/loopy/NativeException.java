package dev.loopy;

/**
 * A system call failed. Carries the errno and the call's name.
 *
 * <p>Created on the thread that made the call.
 */
public final class NativeException extends LoopyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param syscall the name of the call, for example {@code "epoll_ctl"}
     * @param errno the errno the call left
     * @param detail the resource involved, for example {@code "fd=7"}
     */
    public NativeException(String syscall, int errno, String detail) {
        super(statusOf(errno), syscall + " failed: " + detail + " (errno=" + errno + ")",
                errno, syscall, null);
    }

    private static Status statusOf(int errno) {
        return switch (errno) {
            case 11 -> Status.WOULD_BLOCK;
            case 12 -> Status.NO_MEMORY;
            case 2 -> Status.NOT_FOUND;
            case 16 -> Status.BUSY;
            case 22, 9 -> Status.INVALID;
            case 38, 95 -> Status.UNSUPPORTED;
            case 110 -> Status.TIMEOUT;
            case 125 -> Status.CANCELLED;
            default -> Status.ERROR;
        };
    }
}
