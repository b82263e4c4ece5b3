/**
 * The kernel facilities loopy uses on Linux, one final facade per facility, reached through
 * the Foreign Function and Memory API and nothing else.
 *
 * <p>Vocabulary used throughout the package:
 * <ul>
 *   <li><b>facade</b>: a final class with static methods only ({@link LibC}, {@link Epoll},
 *       {@link EventFd}, {@link Mman}, {@link Sockets}, {@link Uname}, {@link Syscall},
 *       {@link Timespec}, {@link Errno}, and for io_uring {@link IoUring} with its layouts
 *       {@link IoUringLayouts}, mapped rings {@link IoUringRing} and probe
 *       {@link IoUringProbe}),
 *       whose method handles are resolved once in its static initialiser through
 *       {@link Native#downcall}, and whose class comment quotes the C declarations and the
 *       header they come from;</li>
 *   <li><b>constant</b>: a {@code public static final int} or {@code long} field, named exactly
 *       like the C macro or enumerator it mirrors ({@code EPOLLIN}, {@code SOCK_CLOEXEC}),
 *       with the value the Linux headers give on x86_64 and aarch64; a test compiles a C
 *       program against the headers and compares every one;</li>
 *   <li><b>layout</b>: a {@code public static final StructLayout} named like the C struct
 *       ({@code epoll_event}, {@code timespec}) whose members carry the C field names; every
 *       offset used in the code is derived from a layout, never typed by hand;</li>
 *   <li><b>errno</b>: captured by the JDK right after each call into the thread's own
 *       segment ({@link Native#errnoSegment()}), then read with {@link Native#errno()}.</li>
 * </ul>
 *
 * <p>Two tiers of failure. Setup calls (creating, configuring, closing descriptors) throw
 * {@link dev.loopy.NativeException} naming the call, the errno and the resource. Calls on
 * hot paths, where a failure such as {@code EAGAIN} or {@code EINTR} is an expected outcome,
 * return the negated errno instead and allocate nothing; each such method says so in its
 * javadoc, in the words "returns the negated errno".
 *
 * <p>Every facade may be used from any thread. Nothing here blocks except the calls that
 * exist to wait ({@link Epoll#epollWait}, {@link Epoll#epollPwait2}) and reads or writes of
 * descriptors in blocking mode; call those from platform threads, never from virtual
 * threads, which a blocking native call would pin to their carrier.
 */
package dev.loopy.internal.linux;
