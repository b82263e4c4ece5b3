package dev.loopy;

import java.util.Locale;

/**
 * The kernel interfaces a loop can multiplex with.
 *
 * <p>The automatic choice tries {@link #IO_URING}, then {@link #EPOLL}, then {@link #NIO}.
 * The system property {@code loopy.backend} (one of the {@link #label() labels}) or
 * {@link LoopOptions.Builder#backend(Backend)} forces one; a forced backend that is not
 * available fails loop creation with {@link Status#UNSUPPORTED} instead of falling back.
 */
public enum Backend {
    /** Linux io_uring through the Foreign Function and Memory API. */
    IO_URING("io_uring"),
    /** Linux epoll through the Foreign Function and Memory API. */
    EPOLL("epoll"),
    /** The portable {@link java.nio.channels.Selector}. */
    NIO("nio");

    /** The system property that forces a backend for every loop that does not name one. */
    public static final String PROPERTY = "loopy.backend";

    private final String label;

    Backend(String label) {
        this.label = label;
    }

    /**
     * Returns the stable lower-case name of this backend.
     *
     * @return {@code "io_uring"}, {@code "epoll"} or {@code "nio"}
     */
    public String label() {
        return label;
    }

    /**
     * Finds a backend by its label.
     *
     * @param label one of {@code io_uring}, {@code epoll}, {@code nio}, in any case
     * @return the backend
     * @throws IllegalArgumentException if the label names no backend
     */
    public static Backend fromLabel(String label) {
        if (label == null) {
            throw new NullPointerException("label");
        }
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (Backend backend : values()) {
            if (backend.label.equals(wanted)) {
                return backend;
            }
        }
        throw new IllegalArgumentException(
                "backend=" + label + " (expected io_uring, epoll or nio)");
    }
}
