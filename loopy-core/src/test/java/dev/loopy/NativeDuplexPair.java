package dev.loopy;

/** A socketpair of raw descriptors, for the epoll and io_uring backends. */
final class NativeDuplexPair implements DuplexPair {
    private final Loop loop;
    private final int near;
    private final int far;
    private boolean farClosed;
    private boolean closed;

    NativeDuplexPair(Loop loop) {
        this.loop = loop;
        int[] fds = Descriptors.socketPair();
        this.near = fds[0];
        this.far = fds[1];
    }

    @Override
    public int fd() {
        return near;
    }

    @Override
    public void writeFar(byte[] bytes) {
        int written = 0;
        while (written < bytes.length) {
            int n = Descriptors.write(far, bytes, written, bytes.length - written);
            if (n == Descriptors.WOULD_BLOCK) {
                throw new IllegalStateException("socket buffer full");
            }
            written += n;
        }
    }

    @Override
    public int readNear(int max) {
        int read = Descriptors.read(near, new byte[max], 0, max);
        return Math.max(read, 0);
    }

    @Override
    public void closeFar() {
        if (!farClosed) {
            farClosed = true;
            Descriptors.close(far);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!loop.isClosed()) {
            loop.unregister(near, Interest.BOTH);
        }
        Descriptors.close(near);
        closeFar();
    }
}
