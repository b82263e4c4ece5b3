package dev.loopy.util;

import java.lang.reflect.Method;

/**
 * Reads the bytes the calling thread has allocated, through the JDK's management bean.
 * Reached by reflection because the module under test does not read java.management.
 */
final class Allocations {
    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        try {
            BEAN = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            ALLOCATED = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Allocations() {
    }

    /** Returns the bytes allocated so far by the calling thread. */
    static long currentThreadBytes() {
        try {
            return (long) ALLOCATED.invoke(BEAN);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("allocation counter unavailable", e);
        }
    }
}
