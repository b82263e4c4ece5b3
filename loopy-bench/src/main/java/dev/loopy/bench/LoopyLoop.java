package dev.loopy.bench;

import dev.loopy.AsyncHandle;
import dev.loopy.Backend;
import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import java.util.concurrent.CompletableFuture;

/** A loopy {@link Loop} running on a thread of its own; wake-ups are async handles. */
final class LoopyLoop implements ExecuteSubject {
    private final Loop loop;
    private final Thread thread;

    /**
     * Creates and starts a loop.
     *
     * @param backend the backend to force, or null for the best one available
     */
    LoopyLoop(Backend backend) {
        LoopOptions.Builder options = LoopOptions.builder();
        if (backend != null) {
            options.backend(backend);
        }
        loop = Loop.create(options.build());
        thread = loop.start("loopy-bench");
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Wakeup wakeup(Runnable callback) {
        CompletableFuture<AsyncHandle> created = new CompletableFuture<>();
        loop.execute(() -> created.complete(loop.async(handle -> callback.run())));
        AsyncHandle handle = created.join();
        return handle::send;
    }

    @Override
    public void close() {
        loop.stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
