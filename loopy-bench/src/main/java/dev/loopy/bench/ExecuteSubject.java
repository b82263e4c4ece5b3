package dev.loopy.bench;

/**
 * One event loop as {@link ExecuteBenchmark} drives it from another thread: hand it tasks,
 * and wake it through a coalescing handle.
 *
 * <p>Every method may be called from any thread except {@link #close()}, which is for the
 * thread that created the subject.
 */
interface ExecuteSubject extends AutoCloseable {
    /**
     * Runs a task on the loop's thread.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Creates a wake-up handle: many sends before the loop gets to it make one callback.
     *
     * @param callback run on the loop's thread once per coalesced group of sends
     * @return the handle
     */
    Wakeup wakeup(Runnable callback);

    /** Stops the loop and waits for its thread to end. */
    @Override
    void close();

    /** A coalescing wake-up handle; {@link #send()} may be called from any thread. */
    @FunctionalInterface
    interface Wakeup {
        /** Asks for the callback to run, unless a request is already waiting. */
        void send();
    }

    /**
     * Creates the subject of a name.
     *
     * @param name {@code loopy} (the best backend here), {@code loopy-nio},
     *     {@code netty-nio} or {@code netty-default}
     * @return a started loop
     */
    static ExecuteSubject create(String name) {
        return switch (name) {
            case "loopy" -> new LoopyLoop(null);
            case "loopy-nio" -> new LoopyLoop(dev.loopy.Backend.NIO);
            case "loopy-epoll" -> new LoopyLoop(dev.loopy.Backend.EPOLL);
            case "netty-nio" -> NettyLoop.nio();
            case "netty-default" -> NettyLoop.plain();
            default -> throw new IllegalArgumentException("impl=" + name
                    + " (expected loopy, loopy-nio, loopy-epoll, netty-nio or netty-default)");
        };
    }
}
