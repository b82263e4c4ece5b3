package dev.loopy.pubsub;

import java.util.ArrayDeque;

/**
 * Turns redeliveries made from inside a synchronous handler into work done after that
 * handler returns, so that a chain of nacks runs in a loop instead of growing the stack.
 *
 * <p>One instance per thread; only that thread touches it.
 */
final class Trampoline {
    private static final ThreadLocal<Trampoline> CURRENT =
            ThreadLocal.withInitial(Trampoline::new);

    private final ArrayDeque<Runnable> later = new ArrayDeque<>();
    private int depth;

    private Trampoline() {
    }

    static Trampoline current() {
        return CURRENT.get();
    }

    void enter() {
        depth++;
    }

    void exit() {
        depth--;
        if (depth == 0 && !later.isEmpty()) {
            runLater();
        }
    }

    /**
     * Postpones a task while a synchronous handler runs on this thread.
     *
     * @return true if postponed, false if the caller should run it now
     */
    boolean defer(Runnable task) {
        if (depth == 0) {
            return false;
        }
        later.addLast(task);
        return true;
    }

    private void runLater() {
        depth++;
        try {
            Runnable task;
            while ((task = later.pollFirst()) != null) {
                task.run();
            }
        } finally {
            depth--;
        }
    }
}
