package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves descriptors open: it lists {@code /proc/self/fd} before
 * the first test and after the last one, and the two lists must match.
 *
 * <p>Regular files are left out of the comparison: the JVM opens jar and module files
 * lazily as classes load, and those stay open for good. So is the socket the JDK's NIO
 * dispatcher opens once for the life of the process, which is opened before the first
 * listing.
 */
public final class NoDescriptorLeaks implements BeforeAllCallback, AfterAllCallback {
    private static final Path FD_DIRECTORY = Path.of("/proc/self/fd");
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NoDescriptorLeaks.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        openTheJdksOwnDescriptors();
        context.getStore(NAMESPACE).put("before", snapshot());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Map<Integer, String> before = (Map<Integer, String>) context.getStore(NAMESPACE)
                .get("before", Map.class);
        // Descriptors that other test classes left closing may go away meanwhile; what
        // counts is that none opened during this class is still open.
        Map<Integer, String> opened = new TreeMap<>(snapshot());
        opened.entrySet().removeAll(before.entrySet());
        assertThat(opened).as("descriptors opened by " + context.getDisplayName()
                + " and still open").isEmpty();
    }

    /**
     * Lists the process's descriptors that are not regular files.
     *
     * @return descriptor number to link target, for example {@code "pipe:[1234]"}
     */
    public static Map<Integer, String> snapshot() {
        Map<Integer, String> open = new TreeMap<>();
        try (Stream<Path> entries = Files.list(FD_DIRECTORY)) {
            entries.forEach(entry -> target(entry).ifPresent(
                    target -> open.put(Integer.parseInt(entry.getFileName().toString()), target)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    /**
     * Counts the process's open descriptors of every kind.
     *
     * @return the number of entries in {@code /proc/self/fd}, less the one listing it
     */
    public static int count() {
        try (Stream<Path> entries = Files.list(FD_DIRECTORY)) {
            return (int) entries.count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openTheJdksOwnDescriptors() {
        try {
            Pipe pipe = Pipe.open();
            pipe.source().close();
            pipe.sink().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> target(Path entry) {
        try {
            String target = Files.readSymbolicLink(entry).toString();
            return target.startsWith("/") ? Optional.empty()
                    : Optional.of(target);
        } catch (IOException e) {
            return Optional.empty(); // closed while listing: the lister's own fd
        }
    }
}
