package dev.loopy;

/**
 * Two connected byte endpoints for contract tests: the near end is watched by a loop, the
 * far end is driven by the test.
 */
interface DuplexPair extends AutoCloseable {
    /** The descriptor the loop watches, as the backend names it. */
    int fd();

    /** Writes bytes into the far end, so that the near end becomes readable. */
    void writeFar(byte[] bytes);

    /** Reads what the near end can read without blocking; returns the byte count. */
    default int drainNear() {
        int total = 0;
        int read;
        while ((read = readNear(4096)) > 0) {
            total += read;
        }
        return total;
    }

    /** Reads at most {@code max} bytes from the near end; returns the byte count. */
    int readNear(int max);

    /** Closes the far end, so that the near end sees end of file. */
    void closeFar();

    @Override
    void close();

    /** Makes pairs for one backend. */
    interface Factory {
        DuplexPair open(Loop loop);
    }
}
