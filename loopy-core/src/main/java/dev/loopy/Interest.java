package dev.loopy;

/**
 * The interest and readiness bits of a file descriptor watched by a {@link Loop}.
 *
 * <p>Bits combine with {@code |}: {@code Interest.READ | Interest.WRITE}. They are plain
 * {@code int}s so that registering, polling and dispatching allocate nothing.
 */
public final class Interest {
    /** No interest, or no readiness. */
    public static final int NONE = 0;
    /** The descriptor can be read, accepted on, or has reached end of file or an error. */
    public static final int READ = 1;
    /** The descriptor can be written, or a connect finished, or it has an error. */
    public static final int WRITE = 2;
    /** Both directions. */
    public static final int BOTH = READ | WRITE;

    private Interest() {
    }

    /**
     * Checks that a mask holds only known bits.
     *
     * @param name the argument's name, for the error message
     * @param mask the mask
     * @return the mask
     * @throws IllegalArgumentException if a bit other than {@link #READ} and {@link #WRITE}
     *     is set
     */
    public static int check(String name, int mask) {
        if ((mask & ~BOTH) != 0) {
            throw new IllegalArgumentException(
                    name + "=" + mask + " (expected a combination of READ=1 and WRITE=2)");
        }
        return mask;
    }

    /**
     * Returns the lower-case name of a mask.
     *
     * @param mask a combination of {@link #READ} and {@link #WRITE}
     * @return {@code "none"}, {@code "read"}, {@code "write"} or {@code "read|write"}
     */
    public static String label(int mask) {
        return switch (mask & BOTH) {
            case READ -> "read";
            case WRITE -> "write";
            case BOTH -> "read|write";
            default -> "none";
        };
    }
}
