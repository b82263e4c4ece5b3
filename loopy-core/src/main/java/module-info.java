/**
 * loopy: one event loop per thread over io_uring, epoll or java.nio, with timers, hooks,
 * cross-thread hand-over, channels, publish/subscribe, a cluster registry, work queues and
 * rate limiters.
 *
 * <p>Only the API packages are exported; the kernel facades, the backends and the timer
 * wheel stay inside the module.
 */
module dev.loopy {
    exports dev.loopy;
    exports dev.loopy.concurrent;
    exports dev.loopy.pubsub;
    exports dev.loopy.pubsub.spi;
    exports dev.loopy.cluster;
    exports dev.loopy.cluster.spi;
    exports dev.loopy.util;
}
