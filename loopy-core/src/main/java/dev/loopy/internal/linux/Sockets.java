package dev.loopy.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Sockets: creation, socket pairs, addresses, listening, accepting, connecting, shutdown
 * and integer options.
 *
 * <p>Any thread may call these methods. {@link #accept4} and {@link #connect} are hot-path
 * calls that return the negated errno, since {@code EAGAIN} and {@code EINPROGRESS} are
 * expected outcomes on non-blocking sockets; every other method throws
 * {@link dev.loopy.NativeException} when the call fails.
 *
 * <pre>
 * &lt;sys/socket.h&gt;
 *   int socket(int domain, int type, int protocol);
 *   int socketpair(int domain, int type, int protocol, int sv[2]);
 *   int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
 *   int listen(int sockfd, int backlog);
 *   int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
 *   int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
 *   int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);
 *   int shutdown(int sockfd, int how);
 *   int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);
 *   int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);
 * &lt;netinet/in.h&gt;
 *   struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port;
 *                        struct in_addr sin_addr; unsigned char sin_zero[8]; };
 *   struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port;
 *                         uint32_t sin6_flowinfo; struct in6_addr sin6_addr;
 *                         uint32_t sin6_scope_id; };
 * &lt;sys/un.h&gt;
 *   struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };
 * &lt;netinet/tcp.h&gt;: the TCP_ constants.
 * </pre>
 *
 * <p>Ports and IPv4 addresses are in network byte order inside the structs; the layouts
 * say so, so the accessors take and return host values.
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

    /** IPv4 address: any local address. */
    public static final int INADDR_ANY = 0;
    /** IPv4 address: 127.0.0.1. */
    public static final int INADDR_LOOPBACK = 0x7f00_0001;

    /** {@code struct sockaddr_in}; port and address big-endian. */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"))
            .withName("sockaddr_in");
    /** {@code struct sockaddr_in6}; port big-endian. */
    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");
    /** {@code struct sockaddr_un}. */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"))
            .withName("sockaddr_un");

    private static final VarHandle IN_FAMILY = SOCKADDR_IN.varHandle(
            groupElement("sin_family"));
    private static final VarHandle IN_PORT = SOCKADDR_IN.varHandle(groupElement("sin_port"));
    private static final VarHandle IN_ADDR = SOCKADDR_IN.varHandle(groupElement("sin_addr"));
    private static final int PORT_BITS = 0xFFFF;
    private static final int MAX_PORT = 0xFFFF;

    private static final MethodHandle SOCKET = Native.downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Native.downcall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BIND = Native.downcall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Native.downcall("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = Native.downcall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = Native.downcall("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = Native.downcall("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
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
     * Allocates and fills an IPv4 socket address.
     *
     * @param arena the owner of the memory
     * @param address the IPv4 address in host order, for example {@link #INADDR_LOOPBACK}
     * @param port the port, in {@code [0, 65535]}; 0 lets {@link #bind} choose one
     * @return a {@link #SOCKADDR_IN}
     */
    public static MemorySegment inet4(Arena arena, int address, int port) {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port=" + port + " (expected 0.." + MAX_PORT + ")");
        }
        MemorySegment sockaddr = arena.allocate(SOCKADDR_IN);
        IN_FAMILY.set(sockaddr, 0L, (short) AF_INET);
        IN_PORT.set(sockaddr, 0L, (short) port);
        IN_ADDR.set(sockaddr, 0L, address);
        return sockaddr;
    }

    /**
     * Reads the port of an IPv4 socket address.
     *
     * @param sockaddr a {@link #SOCKADDR_IN}
     * @return the port in host order
     */
    public static int inet4Port(MemorySegment sockaddr) {
        return (short) IN_PORT.get(sockaddr, 0L) & PORT_BITS;
    }

    /**
     * Reads the address of an IPv4 socket address.
     *
     * @param sockaddr a {@link #SOCKADDR_IN}
     * @return the address in host order, for example {@link #INADDR_LOOPBACK}
     */
    public static int inet4Address(MemorySegment sockaddr) {
        return (int) IN_ADDR.get(sockaddr, 0L);
    }

    /**
     * Binds a socket to a local address.
     *
     * @param fd the socket
     * @param sockaddr the address, for example from {@link #inet4}
     * @throws dev.loopy.NativeException if the call fails, for example {@code EADDRINUSE}
     */
    public static void bind(int fd, MemorySegment sockaddr) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) BIND.invokeExact(errno, fd, sockaddr, (int) sockaddr.byteSize());
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("bind", Native.errno(errno), "fd=" + fd);
        }
    }

    /**
     * Makes a bound stream socket accept connections.
     *
     * @param fd the socket
     * @param backlog the longest queue of connections not yet accepted
     * @throws dev.loopy.NativeException if the call fails
     */
    public static void listen(int fd, int backlog) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) LISTEN.invokeExact(errno, fd, backlog);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("listen", Native.errno(errno), "fd=" + fd);
        }
    }

    /**
     * Accepts a connection without reading the peer's address. A hot-path call: it returns
     * the negated errno instead of throwing.
     *
     * @param fd the listening socket
     * @param flags {@link #SOCK_NONBLOCK} and {@link #SOCK_CLOEXEC} for the new socket
     * @return the connected socket, or the negated errno ({@code -EAGAIN} when no connection
     *     is waiting on a non-blocking socket)
     */
    public static int accept4(int fd, int flags) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) ACCEPT4.invokeExact(errno, fd, MemorySegment.NULL, MemorySegment.NULL,
                    flags);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc >= 0 ? rc : -Native.errno(errno);
    }

    /**
     * Connects a socket. A hot-path call: it returns the negated errno instead of throwing.
     *
     * @param fd the socket
     * @param sockaddr the peer's address, for example from {@link #inet4}
     * @return 0 when connected, or the negated errno ({@code -EINPROGRESS} when a
     *     non-blocking connect has started; {@link #SO_ERROR} tells its outcome once the
     *     socket is writable)
     */
    public static int connect(int fd, MemorySegment sockaddr) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) CONNECT.invokeExact(errno, fd, sockaddr, (int) sockaddr.byteSize());
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        return rc == 0 ? 0 : -Native.errno(errno);
    }

    /**
     * Reads the local address a socket is bound to.
     *
     * @param fd the socket
     * @param sockaddr where the address is written, for example a {@link #SOCKADDR_IN}
     * @return the length of the address the kernel has, which may exceed the segment
     * @throws dev.loopy.NativeException if the call fails
     */
    public static int getsockname(int fd, MemorySegment sockaddr) {
        int errnoValue;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) sockaddr.byteSize());
            MemorySegment errno = Native.errnoSegment();
            int rc = (int) GETSOCKNAME.invokeExact(errno, fd, sockaddr, length);
            if (rc == 0) {
                return length.get(JAVA_INT, 0);
            }
            errnoValue = Native.errno(errno);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        throw Native.failure("getsockname", errnoValue, "fd=" + fd);
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
