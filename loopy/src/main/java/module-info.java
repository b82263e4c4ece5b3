/**
 * loopy: one event loop per thread over io_uring, epoll or java.nio, with timers, hooks and
 * cross-thread hand-over.
 *
 * <p>Only the API packages are exported; the kernel facades, the backends and the timer
 * wheel stay inside the module.
 */
module dev.loopy {
    exports dev.loopy;
}
