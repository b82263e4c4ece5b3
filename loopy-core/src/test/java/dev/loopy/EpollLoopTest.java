package dev.loopy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The loop contract on the epoll backend. */
final class EpollLoopTest extends LoopContract {
    @BeforeAll
    static void epollIsAvailable() {
        BackendReport.Entry entry = Loop.backendReport().entry(Backend.EPOLL);
        assumeTrue(entry.available(), () -> "epoll unavailable: " + entry.reason());
    }

    @Override
    Backend backend() {
        return Backend.EPOLL;
    }

    @Override
    DuplexPair pair(Loop loop) {
        return new NativeDuplexPair(loop);
    }
}
