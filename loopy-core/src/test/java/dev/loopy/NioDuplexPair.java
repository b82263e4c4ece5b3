package dev.loopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Unix-domain socket pair made of NIO channels, the near end adopted by the loop. */
final class NioDuplexPair implements DuplexPair {
    private final SocketChannel near;
    private final SocketChannel far;
    private final Loop loop;
    private final int fd;

    private NioDuplexPair(Loop loop, SocketChannel near, SocketChannel far) {
        this.loop = loop;
        this.near = near;
        this.far = far;
        this.fd = loop.adopt(near);
    }

    static NioDuplexPair open(Loop loop) {
        try {
            Path dir = Files.createTempDirectory("loopy-pair");
            Path path = dir.resolve("s");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(path));
                SocketChannel far = SocketChannel.open(UnixDomainSocketAddress.of(path));
                SocketChannel near = server.accept();
                return new NioDuplexPair(loop, near, far);
            } finally {
                Files.deleteIfExists(path);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void writeFar(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                far.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int readNear(int max) {
        try {
            int read = near.read(ByteBuffer.allocate(max));
            return Math.max(read, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void closeFar() {
        try {
            far.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!loop.isClosed()) {
                loop.release(fd);
            }
            near.close();
            far.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
