package dev.loopy;

/** The loop contract on the portable NIO backend. */
final class NioLoopTest extends LoopContract {
    @Override
    Backend backend() {
        return Backend.NIO;
    }

    @Override
    DuplexPair pair(Loop loop) {
        return NioDuplexPair.open(loop);
    }
}
