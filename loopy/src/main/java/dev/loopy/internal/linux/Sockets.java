package dev.loopy.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Sockets: creation, socket pairs, shutdown and integer options.
 *
 * <p>Any thread may call these methods; each throws {@link dev.loopy.NativeException} when
 * the call fails. Addresses (bind, connect, accept) are not covered here.
 *
 * <pre>
 * &lt;sys/socket.h&gt;
 *   int socket(int domain, int type, int protocol);
 *   int socketpair(int domain, int type, int protocol, int sv[2]);
 *   int shutdown(int sockfd, int how);
 *   int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);
 *   int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);
 * &lt;netinet/in.h&gt;, &lt;netinet/tcp.h&gt;: the IPPROTO_ and TCP_ constants.
 * </pre>
 */
public final class Sockets {
    /** Address family: local (Unix domain) sockets. */
    public static final int AF_UNIX = 1;
    /** Address family: IPv4. */
    public static final int AF_INET = 2;
    /** Address family: IPv6. */
    public static final int AF_INET6 = 10;
    /** Socket type: a reliable byte stream. */
    public static final int SOCK_STREAM = 1;
    /** Socket type: datagrams. */
    public static final int SOCK_DGRAM = 2;
    /** Socket type: reliable datagrams that keep their boundaries. */
    public static final int SOCK_SEQPACKET = 5;
    /** Socket type flag: the socket does not block. */
    public static final int SOCK_NONBLOCK = 0x800;
    /** Socket type flag: close the socket across {@code execve}. */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** {@code shutdown}: stop receiving. */
    public static final int SHUT_RD = 0;
    /** {@code shutdown}: stop sending; the peer reads end of file. */
    public static final int SHUT_WR = 1;
    /** {@code shutdown}: stop both. */
    public static final int SHUT_RDWR = 2;
    /** Option level of the socket itself. */
    public static final int SOL_SOCKET = 1;
    /** Socket option: allow binding an address in TIME_WAIT. */
    public static final int SO_REUSEADDR = 2;
    /** Socket option, read-only: the socket type. */
    public static final int SO_TYPE = 3;
    /** Socket option, read-only: the pending error, cleared by the read. */
    public static final int SO_ERROR = 4;
    /** Socket option: the send buffer size in bytes. */
    public static final int SO_SNDBUF = 7;
    /** Socket option: the receive buffer size in bytes. */
    public static final int SO_RCVBUF = 8;
    /** Socket option: send keep-alive probes. */
    public static final int SO_KEEPALIVE = 9;
    /** Socket option: let several sockets bind the same address and port. */
    public static final int SO_REUSEPORT = 15;
    /** Protocol and option level: IPv4. */
    public static final int IPPROTO_IP = 0;
    /** Protocol and option level: TCP. */
    public static final int IPPROTO_TCP = 6;
    /** Protocol and option level: UDP. */
    public static final int IPPROTO_UDP = 17;
    /** Protocol and option level: IPv6. */
    public static final int IPPROTO_IPV6 = 41;
    /** TCP option: send segments at once instead of coalescing them (no Nagle). */
    public static final int TCP_NODELAY = 1;
    /** Send and receive flag: do not block for this call. */
    public static final int MSG_DONTWAIT = 0x40;
    /** Send flag: return {@code EPIPE} instead of raising {@code SIGPIPE}. */
    public static final int MSG_NOSIGNAL = 0x4000;

    private static final MethodHandle SOCKET = Native.downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Native.downcall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SHUTDOWN = Native.downcall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Native.downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Native.downcall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private Sockets() {
    }

    /**
     * Creates a socket.
     *
     * @param domain {@link #AF_UNIX}, {@link #AF_INET} or {@link #AF_INET6}
     * @param type {@link #SOCK_STREAM} or {@link #SOCK_DGRAM}, with {@link #SOCK_NONBLOCK}
     *     and {@link #SOCK_CLOEXEC}
     * @param protocol 0 for the family's default
     * @return the socket descriptor
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int socket(int domain, int type, int protocol) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) SOCKET.invokeExact(errno, domain, type, protocol);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("socket", Native.errno(errno),
                    "domain=" + domain + " type=0x" + Integer.toHexString(type));
        }
        return rc;
    }

    /**
     * Creates a pair of connected sockets.
     *
     * @param domain {@link #AF_UNIX} (Linux supports no other family here)
     * @param type {@link #SOCK_STREAM}, {@link #SOCK_DGRAM} or {@link #SOCK_SEQPACKET}, with
     *     {@link #SOCK_NONBLOCK} and {@link #SOCK_CLOEXEC}
     * @param protocol 0
     * @return a new array of the two descriptors
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int[] socketpair(int domain, int type, int protocol) {
        int errnoValue;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment errno = Native.errnoSegment();
            int rc = (int) SOCKETPAIR.invokeExact(errno, domain, type, protocol, fds);
            if (rc == 0) {
                return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
            }
            errnoValue = Native.errno(errno);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        throw Native.failure("socketpair", errnoValue,
                "domain=" + domain + " type=0x" + Integer.toHexString(type));
    }

    /**
     * Shuts down one or both directions of a connected socket.
     *
     * @param fd the socket
     * @param how {@link #SHUT_RD}, {@link #SHUT_WR} or {@link #SHUT_RDWR}
     * @throws dev.loopy.NativeException if the call fails, for example {@code ENOTCONN}
     */
    public static void shutdown(int fd, int how) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) SHUTDOWN.invokeExact(errno, fd, how);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("shutdown", Native.errno(errno), "fd=" + fd + " how=" + how);
        }
    }

    /**
     * Sets an option whose value is a C {@code int}.
     *
     * @param fd the socket
     * @param level {@link #SOL_SOCKET}, {@link #IPPROTO_TCP}, ...
     * @param option the option at that level, for example {@link #SO_REUSEADDR}
     * @param value the value
     * @throws dev.loopy.NativeException if the call fails
     */
    public static void setIntOption(int fd, int level, int option, int value) {
        int errnoValue;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment box = arena.allocateFrom(JAVA_INT, value);
            MemorySegment errno = Native.errnoSegment();
            int rc = (int) SETSOCKOPT.invokeExact(errno, fd, level, option, box,
                    (int) JAVA_INT.byteSize());
            if (rc == 0) {
                return;
            }
            errnoValue = Native.errno(errno);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        throw Native.failure("setsockopt", errnoValue, optionDetail(fd, level, option));
    }

    /**
     * Reads an option whose value is a C {@code int}.
     *
     * @param fd the socket
     * @param level {@link #SOL_SOCKET}, {@link #IPPROTO_TCP}, ...
     * @param option the option at that level, for example {@link #SO_ERROR}
     * @return the value
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int getIntOption(int fd, int level, int option) {
        int errnoValue;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment box = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) JAVA_INT.byteSize());
            MemorySegment errno = Native.errnoSegment();
            int rc = (int) GETSOCKOPT.invokeExact(errno, fd, level, option, box, length);
            if (rc == 0) {
                return box.get(JAVA_INT, 0);
            }
            errnoValue = Native.errno(errno);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        throw Native.failure("getsockopt", errnoValue, optionDetail(fd, level, option));
    }

    private static String optionDetail(int fd, int level, int option) {
        return "fd=" + fd + " level=" + level + " option=" + option;
    }
}
