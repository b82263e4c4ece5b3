package dev.loopy;

import java.io.File;

/** Counts the process's open file descriptors, to prove that tests leave none behind. */
final class OpenFds {
    private OpenFds() {
    }

    static String describe() {
        StringBuilder out = new StringBuilder();
        String[] entries = new File("/proc/self/fd").list();
        for (String entry : entries == null ? new String[0] : entries) {
            try {
                out.append(entry).append("->").append(java.nio.file.Files.readSymbolicLink(
                        java.nio.file.Path.of("/proc/self/fd", entry))).append(' ');
            } catch (java.io.IOException e) {
                out.append(entry).append("->? ");
            }
        }
        return out.toString();
    }

    static int count() {
        String[] entries = new File("/proc/self/fd").list();
        return entries == null ? -1 : entries.length;
    }
}
