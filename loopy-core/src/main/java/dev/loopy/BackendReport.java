package dev.loopy;

import java.util.List;
import java.util.Objects;

/**
 * What the machine offers: for each backend whether it can be used and, if not, why; the
 * backend the automatic choice takes; the kernel and the io_uring features probed.
 *
 * <p>Made by {@link Loop#backendReport()}; immutable, usable on any thread.
 *
 * @param entries one entry per backend, in the order of the automatic choice
 * @param defaultBackend what a loop that names no backend gets, the system property
 *     {@value Backend#PROPERTY} included
 * @param kernel the kernel release, for example {@code "6.18.44"}, or the OS name off Linux
 * @param ioUringFeatures the io_uring features probed, empty when io_uring is unavailable
 */
public record BackendReport(
        List<Entry> entries, Backend defaultBackend, String kernel, List<String> ioUringFeatures) {

    /**
     * Copies the lists.
     *
     * @param entries not null
     * @param defaultBackend not null
     * @param kernel not null
     * @param ioUringFeatures not null
     */
    public BackendReport {
        entries = List.copyOf(entries);
        Objects.requireNonNull(defaultBackend, "defaultBackend");
        Objects.requireNonNull(kernel, "kernel");
        ioUringFeatures = List.copyOf(ioUringFeatures);
    }

    /**
     * Finds the entry of one backend.
     *
     * @param backend the backend
     * @return its entry
     */
    public Entry entry(Backend backend) {
        for (Entry entry : entries) {
            if (entry.backend() == backend) {
                return entry;
            }
        }
        throw new IllegalArgumentException("backend=" + backend + " (not in the report)");
    }

    /**
     * One backend's availability.
     *
     * @param backend the backend
     * @param available whether a loop can use it here
     * @param reason why it is unavailable, or null when it is available
     */
    public record Entry(Backend backend, boolean available, String reason) {
        /**
         * Returns the line {@code loopy info} prints for this entry.
         *
         * @return for example {@code "epoll: available"} or
         *     {@code "io_uring: unavailable (kernel.io_uring_disabled=2)"}
         */
        public String line() {
            return backend.label() + ": " + (available ? "available" : "unavailable (" + reason + ")");
        }
    }
}
