package dev.loopy.cluster;

import dev.loopy.Loop;
import dev.loopy.Timer;
import java.util.concurrent.TimeUnit;

/** The embedded registry's time and timers, taken from its loop. Loop thread only. */
final class LoopRegistryScheduler implements RegistryScheduler {
    private final Loop loop;

    LoopRegistryScheduler(Loop loop) {
        this.loop = loop;
    }

    @Override
    public long nowNs() {
        return loop.nowNs();
    }

    @Override
    public Scheduled schedule(long delayNs, Runnable task) {
        Timer timer = loop.schedule(delayNs, TimeUnit.NANOSECONDS, fired -> task.run());
        return timer::cancel;
    }
}
