package dev.loopy.internal.linux;

import dev.loopy.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one access point to native code: the linker, the C library's symbols, and errno.
 *
 * <p>Any thread may use this class. Each facade of this package resolves its method handles
 * once, through {@link #downcall}, in its static initialiser. A handle made by
 * {@link #downcall} takes an extra first argument, the segment the JDK writes errno into
 * right after the call; {@link #errnoSegment()} gives each thread its own, allocated once.
 *
 * <pre>{@code
 * int rc = (int) CLOSE.invokeExact(Native.errnoSegment(), fd);
 * if (rc < 0) { int errno = Native.errno(); ... }
 * }</pre>
 *
 * <p>A downcall handle declares {@code Throwable} but throws only what the JVM itself may
 * throw (an {@link Error}, or a runtime exception for a misused segment); facades pass what
 * they catch to {@link #propagate} and turn a failed call into {@link #failure}.
 */
public final class Native {
    /** The platform's linker. */
    public static final Linker LINKER = Linker.nativeLinker();
    /** The symbols of the C library the JDK itself links against. */
    public static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = CAPTURE_LAYOUT.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ThreadLocal<MemorySegment> ERRNO_SEGMENT = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private Native() {
    }

    /**
     * Links a C function whose errno is captured.
     *
     * @param name the symbol, for example {@code "epoll_ctl"}
     * @param descriptor the C signature
     * @return a handle taking the errno segment first, then the C arguments
     * @throws UnsatisfiedLinkError if the C library lacks the symbol
     */
    public static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO);
    }

    /**
     * Links a variadic C function, such as {@code syscall}, whose errno is captured.
     *
     * @param name the symbol
     * @param descriptor the C signature of one call shape, fixed arguments first
     * @param firstVariadic the index of the first variadic argument
     * @return a handle taking the errno segment first, then the C arguments
     */
    public static MethodHandle variadicDowncall(String name, FunctionDescriptor descriptor,
            int firstVariadic) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    /**
     * Tells whether the C library has a symbol.
     *
     * @param name the symbol
     * @return true if {@link #downcall} can link it
     */
    public static boolean has(String name) {
        return LIBC.find(name).isPresent();
    }

    /**
     * Returns the calling thread's errno segment, to pass first to a captured handle.
     *
     * @return the segment, the same one on every call from the same thread
     */
    public static MemorySegment errnoSegment() {
        return ERRNO_SEGMENT.get();
    }

    /**
     * Returns the errno the calling thread's last captured call left.
     *
     * @return the errno value
     */
    public static int errno() {
        return errno(ERRNO_SEGMENT.get());
    }

    /**
     * Reads errno from a capture segment.
     *
     * @param segment a segment given to a captured handle
     * @return the errno value
     */
    public static int errno(MemorySegment segment) {
        return (int) ERRNO_HANDLE.get(segment, 0L);
    }

    /**
     * Rethrows what a downcall handle threw, unchanged when unchecked.
     *
     * @param thrown what {@code invokeExact} threw
     * @return the runtime exception to throw, when {@code thrown} is one or is checked
     * @throws Error when {@code thrown} is an error
     */
    public static RuntimeException propagate(Throwable thrown) {
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("a downcall threw a checked exception", thrown);
    }

    /**
     * Describes a failed system call for the person on call: the call, the resource, the
     * errno's name and text.
     *
     * @param syscall the name of the call, for example {@code "epoll_ctl"}
     * @param errno the errno the call left
     * @param detail the resource and arguments, for example {@code "epfd=5 op=add fd=7"}
     * @return the exception to throw
     */
    public static NativeException failure(String syscall, int errno, String detail) {
        String text = detail + ": " + Errno.name(errno) + " " + LibC.strerror(errno);
        return new NativeException(syscall, errno, text);
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("symbol not found in libc: " + name));
    }
}
