package dev.loopy.internal.backend;

import dev.loopy.Backend;
import dev.loopy.LoopyException;
import dev.loopy.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The portable backend: a {@link Selector} watching channels given to {@link #adopt}.
 *
 * <p>Used by the loop's thread, except {@link #wakeup()}. A descriptor here is an index
 * into this backend's table of adopted channels, not an operating-system descriptor: NIO
 * offers no way to watch a raw descriptor, so {@link #interest} refuses a descriptor that
 * was not adopted. The completion face is done in user space by {@link UserSpaceCompletions}.
 *
 * <p>Limitations: the selector's timeout has millisecond resolution, so a sub-millisecond
 * wait is rounded up to one millisecond (never down, so nothing fires early). System calls
 * are not counted.
 */
public final class NioBackend implements IoBackend {
    private static final long NS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Selector selector;
    private final UserSpaceCompletions completions = new UserSpaceCompletions();
    /* The selector's action form hands keys over without an iterator: nothing allocated. */
    private final Consumer<SelectionKey> collector = this::collect;
    private ReadyEvents target;
    private SelectionKey[] keys = new SelectionKey[64];
    private int[] freeFds = new int[64];
    private int freeCount;
    private int nextFd;
    private boolean closed;

    private NioBackend(Selector selector) {
        this.selector = selector;
    }

    /**
     * Opens a selector.
     *
     * @return the backend
     * @throws LoopyException if the selector cannot be opened
     */
    public static NioBackend open() {
        try {
            return new NioBackend(Selector.open());
        } catch (IOException e) {
            throw new LoopyException(Status.ERROR, "cannot open a selector: " + e.getMessage(),
                    LoopyException.NO_ERRNO, null, e);
        }
    }

    @Override
    public Backend kind() {
        return Backend.NIO;
    }

    @Override
    public int adopt(SelectableChannel channel) {
        int fd = freeCount > 0 ? freeFds[--freeCount] : nextFd++;
        if (fd == keys.length) {
            keys = Arrays.copyOf(keys, fd * 2);
        }
        try {
            channel.configureBlocking(false);
            keys[fd] = channel.register(selector, 0, fd);
            return fd;
        } catch (ClosedChannelException e) {
            release(fd);
            throw new LoopyException(Status.CLOSED, "channel is closed (adopt)");
        } catch (IOException e) {
            release(fd);
            throw new UncheckedIOException("adopt: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(int fd) {
        if (fd < 0 || fd >= keys.length) {
            return;
        }
        SelectionKey key = keys[fd];
        keys[fd] = null;
        if (key != null) {
            key.cancel();
        }
        if (freeCount == freeFds.length) {
            freeFds = Arrays.copyOf(freeFds, freeCount * 2);
        }
        freeFds[freeCount++] = fd;
    }

    @Override
    public void interest(int fd, int oldMask, int newMask) {
        SelectionKey key = fd >= 0 && fd < keys.length ? keys[fd] : null;
        if (key == null) {
            throw new LoopyException(Status.UNSUPPORTED, "fd=" + fd
                    + ": the nio backend watches adopted channels only"
                    + " (adopt a channel, or use the epoll or io_uring backend)");
        }
        try {
            key.interestOps(toOps(key, newMask));
        } catch (CancelledKeyException e) {
            throw new LoopyException(Status.CLOSED, "fd=" + fd + ": channel is closed");
        }
    }

    @Override
    public int poll(long timeoutNs, ReadyEvents out) {
        int before = out.readyCount() + out.completionCount();
        target = out;
        try {
            select(completions.waitNs(timeoutNs, System.nanoTime()));
        } finally {
            target = null;
        }
        completions.reap(System.nanoTime(), out);
        return out.readyCount() + out.completionCount() - before;
    }

    private void select(long waitNs) {
        try {
            if (waitNs == 0) {
                selector.selectNow(collector);
            } else if (waitNs == NO_TIMEOUT) {
                selector.select(collector);
            } else {
                selector.select(collector, Math.max(1L, (waitNs + NS_PER_MS - 1) / NS_PER_MS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select: " + e.getMessage(), e);
        }
    }

    private void collect(SelectionKey key) {
        int mask = readinessOf(key);
        if (mask != 0) {
            target.addReady((Integer) key.attachment(), mask);
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void submitNop(long token) {
        completions.submitNop(token);
    }

    @Override
    public void submitTimeout(long token, long timeoutNs) {
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs=" + timeoutNs + " (expected >= 0)");
        }
        long delayNs = Math.min(timeoutNs, UserSpaceCompletions.MAX_DELAY_NS);
        completions.submitTimeout(token, System.nanoTime() + delayNs);
    }

    @Override
    public boolean cancel(long token) {
        return completions.cancel(token);
    }

    @Override
    public long syscalls() {
        return 0L;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            System.getLogger(NioBackend.class.getName()).log(
                    System.Logger.Level.WARNING, "closing the selector failed", e);
        }
    }

    private static int toOps(SelectionKey key, int mask) {
        int valid = key.channel().validOps();
        int ops = 0;
        if ((mask & READ) != 0) {
            ops |= valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if ((mask & WRITE) != 0) {
            ops |= valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        }
        return ops;
    }

    private static int readinessOf(SelectionKey key) {
        if (!key.isValid()) {
            return READ | WRITE;
        }
        int ready = key.readyOps();
        int mask = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            mask |= READ;
        }
        if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            mask |= WRITE;
        }
        return mask;
    }
}
