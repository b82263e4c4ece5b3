package dev.loopy.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The running kernel's name and version, read once with {@code uname}.
 *
 * <p>Any thread may call these methods. The first use makes the call; its failure, which
 * Linux does not produce for a valid buffer, throws {@link dev.loopy.NativeException} from
 * the class's initialiser.
 *
 * <pre>
 * &lt;sys/utsname.h&gt;
 *   struct utsname {
 *       char sysname[65]; char nodename[65]; char release[65];
 *       char version[65]; char machine[65]; char domainname[65];
 *   };
 *   int uname(struct utsname *buf);
 * </pre>
 */
public final class Uname {
    /** The length of each field of {@code struct utsname}, terminator included. */
    public static final int _UTSNAME_LENGTH = 65;

    /** {@code struct utsname} as glibc defines it for Linux. */
    public static final StructLayout UTSNAME = MemoryLayout.structLayout(
            field("sysname"), field("nodename"), field("release"),
            field("version"), field("machine"), field("domainname")).withName("utsname");

    private static final MethodHandle UNAME = Native.downcall("uname",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private static final String SYSNAME;
    private static final String RELEASE;
    private static final String MACHINE;

    static {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment names = arena.allocate(UTSNAME);
            call(names);
            SYSNAME = text(names, "sysname");
            RELEASE = text(names, "release");
            MACHINE = text(names, "machine");
        }
    }

    private Uname() {
    }

    /**
     * Returns the operating system's name.
     *
     * @return {@code "Linux"} on Linux
     */
    public static String sysname() {
        return SYSNAME;
    }

    /**
     * Returns the kernel release.
     *
     * @return for example {@code "6.8.0-45-generic"}
     */
    public static String release() {
        return RELEASE;
    }

    /**
     * Returns the hardware name.
     *
     * @return for example {@code "x86_64"} or {@code "aarch64"}
     */
    public static String machine() {
        return MACHINE;
    }

    /**
     * Returns the kernel's major version.
     *
     * @return the number before the first dot of {@link #release()}, 0 if there is none
     */
    public static int major() {
        return majorOf(RELEASE);
    }

    /**
     * Returns the kernel's minor version.
     *
     * @return the number after the first dot of {@link #release()}, 0 if there is none
     */
    public static int minor() {
        return minorOf(RELEASE);
    }

    /**
     * Tells whether the kernel is at least a given version.
     *
     * @param major the wanted major version
     * @param minor the wanted minor version
     * @return true if the running kernel's version is that one or later
     */
    public static boolean isAtLeast(int major, int minor) {
        int runningMajor = major();
        return runningMajor > major || (runningMajor == major && minor() >= minor);
    }

    /**
     * Parses the major version of a release string.
     *
     * @param release for example {@code "6.8.0-45-generic"}
     * @return the leading number, 6 here, or 0 if the string does not start with a digit
     */
    public static int majorOf(String release) {
        return number(release, 0);
    }

    /**
     * Parses the minor version of a release string.
     *
     * @param release for example {@code "6.8.0-45-generic"}
     * @return the number after the first dot, 8 here, or 0 if there is none
     */
    public static int minorOf(String release) {
        int dot = release.indexOf('.');
        return dot < 0 ? 0 : number(release, dot + 1);
    }

    private static int number(String text, int start) {
        int value = 0;
        int index = start;
        while (index < text.length() && Character.isDigit(text.charAt(index))
                && value < Integer.MAX_VALUE / 10) {
            value = value * 10 + Character.digit(text.charAt(index), 10);
            index++;
        }
        return value;
    }

    private static MemoryLayout field(String name) {
        return MemoryLayout.sequenceLayout(_UTSNAME_LENGTH, JAVA_BYTE).withName(name);
    }

    private static String text(MemorySegment names, String field) {
        long offset = UTSNAME.byteOffset(groupElement(field));
        return names.asSlice(offset, _UTSNAME_LENGTH).getString(0);
    }

    private static void call(MemorySegment names) {
        MemorySegment errno = Native.errnoSegment();
        int rc;
        try {
            rc = (int) UNAME.invokeExact(errno, names);
        } catch (Throwable thrown) {
            throw Native.propagate(thrown);
        }
        if (rc < 0) {
            throw Native.failure("uname", Native.errno(errno), "buf=struct utsname");
        }
    }
}
