package dev.loopy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The loop contract on the io_uring backend. */
final class IoUringLoopTest extends LoopContract {
    @BeforeAll
    static void ioUringIsAvailable() {
        BackendReport.Entry entry = Loop.backendReport().entry(Backend.IO_URING);
        assumeTrue(entry.available(), () -> "io_uring unavailable: " + entry.reason());
    }

    @Override
    Backend backend() {
        return Backend.IO_URING;
    }

    @Override
    DuplexPair pair(Loop loop) {
        return new NativeDuplexPair(loop);
    }
}
