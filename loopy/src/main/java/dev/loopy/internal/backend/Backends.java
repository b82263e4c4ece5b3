package dev.loopy.internal.backend;

import dev.loopy.Backend;
import dev.loopy.BackendReport;
import dev.loopy.LoopyException;
import dev.loopy.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses and opens a loop's backend, and reports what the machine offers.
 *
 * <p>Any thread may call this class. The automatic choice takes the first available of
 * io_uring, epoll and NIO; a forced choice (an option, else the system property
 * {@value Backend#PROPERTY}) takes that backend or fails.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Opens a backend.
     *
     * @param forced the backend asked for by the loop's options, or null
     * @param capacity the loop's initial descriptor table size
     * @return the backend, open
     * @throws LoopyException with status {@code unsupported} if a forced backend is
     *     unavailable
     */
    public static IoBackend open(Backend forced, int capacity) {
        Backend wanted = forced != null ? forced : fromProperty();
        if (wanted != null) {
            String reason = unavailableReason(wanted);
            if (reason != null) {
                throw new LoopyException(Status.UNSUPPORTED,
                        "backend " + wanted.label() + " is unavailable: " + reason);
            }
            return openAvailable(wanted, capacity);
        }
        return openAvailable(automatic(), capacity);
    }

    /**
     * Returns the backend a loop that names none gets.
     *
     * @return the forced backend of the system property, or the first available one
     */
    public static Backend defaultBackend() {
        Backend forced = fromProperty();
        return forced != null ? forced : automatic();
    }

    /**
     * Probes every backend.
     *
     * @return the report
     */
    public static BackendReport report() {
        List<BackendReport.Entry> entries = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            String reason = unavailableReason(backend);
            entries.add(new BackendReport.Entry(backend, reason == null, reason));
        }
        return new BackendReport(entries, defaultBackend(), kernel(), ioUringFeatures());
    }

    /**
     * Says why a backend cannot be used here.
     *
     * @param backend the backend
     * @return the reason, or null when it is available
     */
    public static String unavailableReason(Backend backend) {
        return switch (backend) {
            case IO_URING -> "not built into this version";
            case EPOLL -> "not built into this version";
            case NIO -> null;
        };
    }

    private static IoBackend openAvailable(Backend backend, int capacity) {
        return switch (backend) {
            case IO_URING, EPOLL -> throw new LoopyException(Status.UNSUPPORTED,
                    "backend " + backend.label() + " is unavailable");
            case NIO -> NioBackend.open();
        };
    }

    private static Backend automatic() {
        for (Backend backend : Backend.values()) {
            if (unavailableReason(backend) == null) {
                return backend;
            }
        }
        return Backend.NIO;
    }

    private static Backend fromProperty() {
        String value = System.getProperty(Backend.PROPERTY, "").trim();
        return value.isEmpty() ? null : Backend.fromLabel(value);
    }

    private static String kernel() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static List<String> ioUringFeatures() {
        return List.of();
    }
}
