package dev.loopy.bench;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-thread Netty event loop group: the NIO transport's loop (a selector woken by its
 * own mechanism) or the plain {@code DefaultEventLoop} (a blocking task queue). Wake-ups
 * are coalesced the way Netty code does it: a flag, and a task executed only by the send
 * that raised it.
 */
final class NettyLoop implements ExecuteSubject {
    private final EventLoopGroup group;
    private final Executor loop;

    private NettyLoop(EventLoopGroup group) {
        this.group = group;
        this.loop = group.next();
    }

    static NettyLoop nio() {
        return new NettyLoop(new MultiThreadIoEventLoopGroup(1,
                DaemonThreads.named("netty-nio"), NioIoHandler.newFactory()));
    }

    static NettyLoop plain() {
        return new NettyLoop(new DefaultEventLoopGroup(1, DaemonThreads.named("netty-default")));
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Wakeup wakeup(Runnable callback) {
        AtomicBoolean pending = new AtomicBoolean();
        Runnable drain = () -> {
            pending.set(false);
            callback.run();
        };
        return () -> {
            if (!pending.get() && pending.compareAndSet(false, true)) {
                loop.execute(drain);
            }
        };
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
