package dev.loopy.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a subject's own timer thread still while a batch is prepared, so that the measured
 * part starts with every timer of the batch due, and tells when the whole batch has fired.
 *
 * <p>{@link #run()} runs on the timer thread; every other method on the benchmark thread.
 */
final class WorkerGate implements Runnable {
    private volatile boolean entered;
    private volatile boolean open;
    private volatile boolean batchDone;
    private volatile Thread keeper;
    private volatile Thread worker;
    private int remaining;

    /**
     * Arms the gate and the batch counter; call before handing {@link #run()} to the worker.
     *
     * @param batchSize how many {@link #fired()} calls end the batch
     */
    void arm(int batchSize) {
        remaining = batchSize;
        entered = false;
        open = false;
        batchDone = false;
        keeper = Thread.currentThread();
    }

    /** Blocks the timer thread until {@link #open()}. */
    @Override
    public void run() {
        worker = Thread.currentThread();
        entered = true;
        LockSupport.unpark(keeper);
        while (!open) {
            LockSupport.park(this);
        }
    }

    /** Waits until the timer thread is held. */
    void awaitEntered() {
        while (!entered) {
            LockSupport.park(this);
        }
    }

    /** Lets the timer thread go. */
    void open() {
        open = true;
        LockSupport.unpark(worker);
    }

    /** Counts one fired timer of the batch; timer thread only. */
    void fired() {
        if (--remaining == 0) {
            batchDone = true;
            LockSupport.unpark(keeper);
        }
    }

    /** Waits until the whole batch has fired. */
    void awaitBatch() {
        while (!batchDone) {
            LockSupport.park(this);
        }
    }
}
