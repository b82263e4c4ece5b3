package dev.loopy.internal.backend;

import dev.loopy.Backend;
import dev.loopy.BackendReport;
import dev.loopy.LoopyException;
import dev.loopy.Status;
import dev.loopy.internal.linux.IoUringProbe;
import dev.loopy.internal.linux.Uname;
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
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    /** Submission queue entries of a loop's ring; the completion queue is larger. */
    private static final int IO_URING_ENTRIES = 256;

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
        return openAutomatic(capacity);
    }

    /*
     * The probe of a backend can pass while opening still fails, for example when a ring
     * needs more locked memory than the limit allows for this loop: the automatic choice
     * then moves on to the next backend and keeps the reason for the log.
     */
    private static IoBackend openAutomatic(int capacity) {
        LoopyException first = null;
        for (Backend backend : Backend.values()) {
            if (unavailableReason(backend) != null) {
                continue;
            }
            try {
                return openAvailable(backend, capacity);
            } catch (LoopyException refused) {
                LOG.log(System.Logger.Level.DEBUG, "backend " + backend.label()
                        + " refused, trying the next: " + refused.getMessage());
                first = first == null ? refused : first;
            }
        }
        throw first != null ? first : new LoopyException(Status.UNSUPPORTED, "no backend");
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
            case IO_URING -> IoUringProbe.unavailableReason();
            case EPOLL -> EpollBackend.unavailableReason();
            case NIO -> null;
        };
    }

    private static IoBackend openAvailable(Backend backend, int capacity) {
        return switch (backend) {
            case IO_URING -> IoUringBackend.open(IO_URING_ENTRIES);
            case EPOLL -> EpollBackend.open(capacity);
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
        if (EpollBackend.unavailableReason() == null) {
            return Uname.sysname() + " " + Uname.release();
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static List<String> ioUringFeatures() {
        return IoUringProbe.unavailableReason() == null ? IoUringProbe.probeFeatures() : List.of();
    }
}
