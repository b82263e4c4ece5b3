package dev.loopy.cli;

import dev.loopy.AsyncHandle;
import dev.loopy.Backend;
import dev.loopy.Descriptors;
import dev.loopy.Interest;
import dev.loopy.Loop;
import dev.loopy.LoopMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code loopy demo}: a short, bounded run that shows the loop at work and prints what
 * happened: timers, a connected pair of descriptors, tasks and async sends from another
 * thread.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the loop for about a second and print what it does.")
final class DemoCommand implements Callable<Integer> {
    private static final int PINGS = 5;
    private static final int TASKS = 1_000;
    private static final int SENDS = 100_000;

    @CommandLine.Mixin
    private BackendOption backendOption;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private long startNs;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        try (Loop loop = Loop.create(backendOption.options().build())) {
            startNs = loop.nowNs();
            say(loop, "loop started on backend " + loop.backend().label());
            try (Pair pair = Pair.open(loop)) {
                AtomicInteger failures = new AtomicInteger();
                showTimers(loop);
                showDescriptors(loop, pair);
                showCrossThread(loop, failures);
                loop.schedule(Duration.ofSeconds(5), t -> {
                    say(loop, "safety stop: the demo took too long");
                    failures.incrementAndGet();
                    loop.stop();
                });
                loop.run();
                printMetrics(loop.metrics());
                return failures.get() == 0 ? 0 : 1;
            }
        }
    }

    private void showTimers(Loop loop) {
        loop.schedule(Duration.ZERO, t -> say(loop, "zero-delay timer fired in the next iteration"));
        loop.schedule(Duration.ofMillis(50), t -> say(loop, "one-shot timer of 50 ms fired"));
        AtomicInteger ticks = new AtomicInteger();
        loop.schedulePeriodic(Duration.ofMillis(100), Duration.ofMillis(100), t -> {
            int tick = ticks.incrementAndGet();
            say(loop, "periodic timer tick " + tick + " (every 100 ms, deadline "
                    + ms(t.deadlineNs() - startNs) + " ms next)");
            if (tick == PINGS) {
                t.cancel();
            }
        });
    }

    private void showDescriptors(Loop loop, Pair pair) {
        AtomicInteger sent = new AtomicInteger();
        loop.register(pair.fd(), Interest.READ, (fd, ready) -> {
            String text = pair.readNear();
            if (!text.isEmpty()) {
                say(loop, "descriptor " + fd + " readable: received \"" + text + "\"");
            }
        });
        loop.schedulePeriodic(Duration.ofMillis(120), Duration.ofMillis(120), t -> {
            int n = sent.incrementAndGet();
            pair.writeFar("ping " + n);
            if (n == PINGS) {
                t.cancel();
            }
        });
    }

    private void showCrossThread(Loop loop, AtomicInteger failures) {
        AtomicInteger tasksRun = new AtomicInteger();
        AtomicInteger callbacks = new AtomicInteger();
        AtomicInteger sendsDone = new AtomicInteger();
        AsyncHandle handle = loop.async(h -> {
            callbacks.incrementAndGet();
            if (sendsDone.get() == SENDS) {
                say(loop, SENDS + " async sends from another thread coalesced into "
                        + callbacks.get() + " callbacks");
                finishLater(loop);
            }
        });
        Thread worker = Thread.ofPlatform().name("demo-worker").start(() -> {
            for (int i = 0; i < TASKS; i++) {
                loop.execute(() -> {
                    if (tasksRun.incrementAndGet() == TASKS) {
                        say(loop, TASKS + " tasks executed from another thread, in order");
                    }
                });
            }
            for (int i = 0; i < SENDS; i++) {
                sendsDone.incrementAndGet();
                if (!handle.send()) {
                    failures.incrementAndGet();
                }
            }
        });
        loop.schedule(Duration.ofMillis(900), t -> {
            if (worker.isAlive() || tasksRun.get() != TASKS) {
                say(loop, "the worker has not finished yet");
            }
        });
    }

    private void finishLater(Loop loop) {
        loop.schedule(Duration.ofMillis(800), t -> {
            say(loop, "stopping the loop");
            loop.stop();
        });
    }

    private void printMetrics(LoopMetrics metrics) {
        out.printf("metrics: %d iterations, %d events, %d timers fired, %d tasks, "
                        + "%d async callbacks, %.1f ms in poll, busy %.1f%%, %d syscalls%n",
                metrics.iterations(), metrics.events(), metrics.timersFired(),
                metrics.tasksRun(), metrics.asyncCallbacks(), metrics.pollTimeNs() / 1e6,
                metrics.busyRatio() * 100, metrics.syscalls());
        out.flush();
    }

    private void say(Loop loop, String line) {
        out.printf("%6.1f ms  %s%n", (loop.nowNs() - startNs) / 1e6, line);
        out.flush();
    }

    private static long ms(long ns) {
        return Duration.ofNanos(ns).toMillis();
    }

    /** A connected pair: raw descriptors on epoll and io_uring, channels on NIO. */
    private interface Pair extends AutoCloseable {
        int fd();

        String readNear();

        void writeFar(String text);

        @Override
        void close() throws IOException;

        static Pair open(Loop loop) throws IOException {
            return loop.backend() == Backend.NIO ? new ChannelPair(loop) : new DescriptorPair(loop);
        }
    }

    private static final class DescriptorPair implements Pair {
        private final Loop loop;
        private final int[] fds = Descriptors.socketPair();

        DescriptorPair(Loop loop) {
            this.loop = loop;
        }

        @Override
        public int fd() {
            return fds[0];
        }

        @Override
        public String readNear() {
            byte[] buffer = new byte[256];
            int read = Descriptors.read(fds[0], buffer, 0, buffer.length);
            return read > 0 ? new String(buffer, 0, read, StandardCharsets.UTF_8) : "";
        }

        @Override
        public void writeFar(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Descriptors.write(fds[1], bytes, 0, bytes.length);
        }

        @Override
        public void close() {
            loop.unregister(fds[0], Interest.BOTH);
            Descriptors.close(fds[0]);
            Descriptors.close(fds[1]);
        }
    }

    private static final class ChannelPair implements Pair {
        private final Loop loop;
        private final SocketChannel near;
        private final SocketChannel far;
        private final int fd;

        ChannelPair(Loop loop) throws IOException {
            this.loop = loop;
            Path dir = Files.createTempDirectory("loopy-demo");
            Path path = dir.resolve("socket");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(path));
                far = SocketChannel.open(UnixDomainSocketAddress.of(path));
                near = server.accept();
            } finally {
                Files.deleteIfExists(path);
                Files.deleteIfExists(dir);
            }
            fd = loop.adopt(near);
        }

        @Override
        public int fd() {
            return fd;
        }

        @Override
        public String readNear() {
            try {
                ByteBuffer buffer = ByteBuffer.allocate(256);
                int read = near.read(buffer);
                return read > 0 ? new String(buffer.array(), 0, read, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void writeFar(String text) {
            try {
                far.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            loop.release(fd);
            near.close();
            far.close();
        }
    }
}
