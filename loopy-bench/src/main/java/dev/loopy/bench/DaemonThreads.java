package dev.loopy.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/** Small helpers for the threads that rivals start. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * Returns a factory of daemon platform threads with a given name.
     *
     * @param name the name of every thread it makes
     * @return the factory
     */
    static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Lets at least {@code pauseNs} pass; used only outside measured code.
     *
     * @param pauseNs the pause in nanoseconds
     */
    static void pause(long pauseNs) {
        long endNs = System.nanoTime() + pauseNs;
        for (long leftNs = pauseNs; leftNs > 0; leftNs = endNs - System.nanoTime()) {
            LockSupport.parkNanos(leftNs);
        }
    }
}
