package dev.loopy.internal.backend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopy.Backend;
import dev.loopy.ClosedException;
import dev.loopy.LoopyException;
import dev.loopy.NativeException;
import dev.loopy.Status;
import dev.loopy.internal.linux.LibC;
import dev.loopy.internal.linux.IoUringProbe;
import dev.loopy.internal.linux.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IoUringBackendTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM_NONBLOCK_CLOEXEC = 1 | 0x800 | 0x80000;
    private static final MethodHandle SOCKETPAIR = Native.downcall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle ALLOCATED_BYTES = allocationCounter();

    static {
        // The JDK keeps one descriptor for the rest of the process after its first
        // channel is closed; create it before any test counts descriptors.
        try {
            Pipe pipe = Pipe.open();
            pipe.source().close();
            pipe.sink().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final List<Integer> openedFds = new ArrayList<>();
    private final ReadyEvents events = new ReadyEvents();
    private long fdsBefore;
    private IoUringBackend backend;

    @BeforeEach
    void openBackend() {
        String reason = IoUringProbe.unavailableReason();
        assumeTrue(reason == null, () -> "io_uring unavailable: " + reason);
        fdsBefore = openFdCount();
        backend = IoUringBackend.open(64);
    }

    @AfterEach
    void closeEverything() {
        if (backend != null) {
            backend.close();
            for (int fd : openedFds) {
                LibC.closeQuietly(fd);
            }
            assertThat(openFdCount()).isEqualTo(fdsBefore);
        }
    }

    @Test
    void itIsTheIoUringBackend() {
        assertThat(backend.kind()).isEqualTo(Backend.IO_URING);
    }

    @Test
    void aSocketWithDataIsReportedReadable() {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.READ);
        assertThat(poll(QUIET_NS)).isZero();

        send(pair[1], 1);

        assertThat(poll(WAIT_NS)).isEqualTo(1);
        assertThat(events.fd(0)).isEqualTo(pair[0]);
        assertThat(events.mask(0)).isEqualTo(IoBackend.READ);
    }

    @Test
    void aSocketWithRoomIsReportedWritable() {
        int[] pair = socketPair();

        backend.interest(pair[0], 0, IoBackend.WRITE);

        assertThat(poll(WAIT_NS)).isEqualTo(1);
        assertThat(events.fd(0)).isEqualTo(pair[0]);
        assertThat(events.mask(0)).isEqualTo(IoBackend.WRITE);
    }

    @Test
    void readAndWriteReadinessOfOneSocketArriveInOnePoll() {
        int[] pair = socketPair();
        send(pair[1], 1);

        backend.interest(pair[0], 0, IoBackend.READ | IoBackend.WRITE);

        assertThat(poll(WAIT_NS)).isEqualTo(1);
        assertThat(events.mask(0)).isEqualTo(IoBackend.READ | IoBackend.WRITE);
    }

    @Test
    void interestWidenedBeforeTheFirstPollIsReportedWholeByIt() {
        for (int round = 0; round < 20; round++) {
            int[] pair = socketPair();
            send(pair[1], 1);

            backend.interest(pair[0], 0, IoBackend.READ);
            backend.interest(pair[0], IoBackend.READ, IoBackend.READ | IoBackend.WRITE);

            assertThat(poll(WAIT_NS)).isEqualTo(1);
            assertThat(events.mask(0)).as("round %d", round)
                    .isEqualTo(IoBackend.READ | IoBackend.WRITE);
            backend.interest(pair[0], IoBackend.READ | IoBackend.WRITE, 0);
            closePair(pair);
        }
    }

    @Test
    void severalSocketsAreReportedTogether() {
        int[] first = socketPair();
        int[] second = socketPair();
        backend.interest(first[0], 0, IoBackend.READ);
        backend.interest(second[0], 0, IoBackend.READ);
        poll(0);

        send(first[1], 1);
        send(second[1], 1);

        Set<Integer> reported = new HashSet<>();
        long deadline = System.nanoTime() + WAIT_NS;
        while (reported.size() < 2 && System.nanoTime() < deadline) {
            poll(WAIT_NS);
            for (int i = 0; i < events.readyCount(); i++) {
                reported.add(events.fd(i));
            }
        }
        assertThat(reported).containsExactlyInAnyOrder(first[0], second[0]);
    }

    @Test
    void aSocketLeftReadableIsReportedAgainByEveryPoll() {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.READ);
        send(pair[1], 10);

        for (int round = 0; round < 5; round++) {
            assertThat(poll(WAIT_NS)).as("round %d", round).isEqualTo(1);
            assertThat(events.fd(0)).isEqualTo(pair[0]);
            assertThat(events.mask(0)).isEqualTo(IoBackend.READ);
        }
        for (int round = 0; round < 5; round++) {
            assertThat(poll(0)).as("non-waiting round %d", round).isEqualTo(1);
        }

        receive(pair[0], 10);
        poll(0);
        assertThat(poll(QUIET_NS)).isZero();
    }

    @Test
    void aSocketPartlyDrainedStaysReportedUntilEmpty() {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.READ);
        send(pair[1], 3);

        int reports = 0;
        while (poll(WAIT_NS) > 0) {
            reports++;
            receive(pair[0], 1);
            if (reports == 3) {
                break;
            }
        }
        poll(0);

        assertThat(reports).isEqualTo(3);
        assertThat(poll(QUIET_NS)).isZero();
    }

    @Test
    void aWritableSocketIsReportedAgainByEveryPoll() {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.WRITE);

        for (int round = 0; round < 5; round++) {
            assertThat(poll(WAIT_NS)).as("round %d", round).isEqualTo(1);
            assertThat(events.mask(0)).isEqualTo(IoBackend.WRITE);
        }
    }

    @Test
    void changingInterestFromReadToWriteReportsOnlyWrite() {
        int[] pair = socketPair();
        send(pair[1], 1);
        backend.interest(pair[0], 0, IoBackend.READ);
        assertThat(poll(WAIT_NS)).isEqualTo(1);

        backend.interest(pair[0], IoBackend.READ, IoBackend.WRITE);

        for (int round = 0; round < 5; round++) {
            assertThat(poll(WAIT_NS)).isEqualTo(1);
            assertThat(events.mask(0)).as("round %d", round).isEqualTo(IoBackend.WRITE);
        }
    }

    @Test
    void addingWriteInterestToAReadableSocketReportsBoth() {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.READ);
        poll(QUIET_NS);
        send(pair[1], 1);

        backend.interest(pair[0], IoBackend.READ, IoBackend.READ | IoBackend.WRITE);

        int mask = 0;
        long deadline = System.nanoTime() + WAIT_NS;
        while (mask != (IoBackend.READ | IoBackend.WRITE) && System.nanoTime() < deadline) {
            poll(WAIT_NS);
            mask |= events.readyCount() > 0 ? events.mask(0) : 0;
        }
        assertThat(mask).isEqualTo(IoBackend.READ | IoBackend.WRITE);
    }

    @Test
    void removingInterestStopsEveryReport() {
        int[] pair = socketPair();
        send(pair[1], 1);
        backend.interest(pair[0], 0, IoBackend.READ | IoBackend.WRITE);
        assertThat(poll(WAIT_NS)).isEqualTo(1);

        backend.interest(pair[0], IoBackend.READ | IoBackend.WRITE, 0);

        for (int round = 0; round < 3; round++) {
            assertThat(poll(QUIET_NS)).isZero();
        }
    }

    @Test
    void aDescriptorNumberReusedAfterRemovalGetsNoStaleReport() {
        for (int round = 0; round < 10; round++) {
            int[] old = socketPair();
            backend.interest(old[0], 0, IoBackend.READ);
            send(old[1], 1);
            assertThat(poll(WAIT_NS)).isEqualTo(1);
            backend.interest(old[0], IoBackend.READ, 0);
            closePair(old);

            int[] fresh = socketPair();
            assertThat(fresh[0]).isEqualTo(old[0]);
            backend.interest(fresh[0], 0, IoBackend.READ);

            assertThat(poll(QUIET_NS)).as("round %d", round).isZero();
            send(fresh[1], 1);
            assertThat(poll(WAIT_NS)).isEqualTo(1);
            assertThat(events.fd(0)).isEqualTo(fresh[0]);
            backend.interest(fresh[0], IoBackend.READ, 0);
            closePair(fresh);
        }
    }

    @Test
    void aDescriptorRemovedAndAddedInOneIterationIsReportedForTheNewInterestOnly() {
        int[] pair = socketPair();
        send(pair[1], 1);
        backend.interest(pair[0], 0, IoBackend.READ);
        assertThat(poll(WAIT_NS)).isEqualTo(1);

        backend.interest(pair[0], IoBackend.READ, 0);
        backend.interest(pair[0], 0, IoBackend.WRITE);

        for (int round = 0; round < 3; round++) {
            assertThat(poll(WAIT_NS)).isEqualTo(1);
            assertThat(events.mask(0)).isEqualTo(IoBackend.WRITE);
        }
    }

    @Test
    void registeringAClosedDescriptorIsRefused() {
        int[] pair = socketPair();
        closePair(pair);

        assertThatThrownBy(() -> backend.interest(pair[0], 0, IoBackend.READ))
                .isInstanceOf(NativeException.class)
                .satisfies(e -> assertThat(((LoopyException) e).syscall()).isEqualTo("fcntl"))
                .satisfies(e -> assertThat(((LoopyException) e).status())
                        .isEqualTo(Status.INVALID));
    }

    @Test
    void aWakeupFromAnotherThreadReleasesABlockedPoll() throws Exception {
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch polling = new CountDownLatch(1);
                Future<Integer> result = poller.submit(() -> {
                    polling.countDown();
                    return backend.poll(IoBackend.NO_TIMEOUT, events);
                });
                assertThat(polling.await(5, TimeUnit.SECONDS)).isTrue();

                backend.wakeup();

                assertThat(result.get(5, TimeUnit.SECONDS)).isZero();
                events.clear();
            }
        } finally {
            poller.shutdownNow();
        }
    }

    @Test
    void aLoopHandedToAnotherThreadSeesReadinessArmedByTheFirstWhileItSleeps()
            throws Exception {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.READ);
        assertThat(poll(QUIET_NS)).isZero();
        backend.submitTimeout(1, TimeUnit.MILLISECONDS.toNanos(1));
        poll(0);
        ExecutorService successor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> result = successor.submit(() -> {
                List<Integer> seen = new ArrayList<>();
                send(pair[1], 1);
                long deadline = System.nanoTime() + WAIT_NS;
                while (seen.size() < 2 && System.nanoTime() < deadline) {
                    events.clear();
                    backend.poll(WAIT_NS, events);
                    seen.add(events.readyCount() + events.completionCount());
                }
                return seen.stream().mapToInt(Integer::intValue).sum();
            });

            assertThat(result.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
        } finally {
            successor.shutdownNow();
        }
    }

    @Test
    void aWakeupBeforeThePollMakesItReturnAtOnce() {
        backend.wakeup();
        backend.wakeup();

        assertThat(poll(IoBackend.NO_TIMEOUT)).isZero();
        assertThat(poll(QUIET_NS)).isZero();
    }

    @Test
    void aNopCompletesWithResultZero() {
        backend.submitNop(42);

        assertThat(poll(WAIT_NS)).isEqualTo(1);
        assertThat(events.token(0)).isEqualTo(42);
        assertThat(events.result(0)).isZero();
    }

    @Test
    void aTimeoutExpiresWithTimeoutExpired() {
        backend.submitTimeout(IoBackend.MAX_TOKEN, TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(poll(WAIT_NS)).isEqualTo(1);
        assertThat(events.token(0)).isEqualTo(IoBackend.MAX_TOKEN);
        assertThat(events.result(0)).isEqualTo(IoBackend.TIMEOUT_EXPIRED);
    }

    @Test
    void aSubMillisecondTimeoutCompletesNoEarlierThanAsked() {
        for (int round = 0; round < 10; round++) {
            long delayNs = 200_000;
            long startNs = System.nanoTime();
            backend.submitTimeout(round, delayNs);

            assertThat(poll(WAIT_NS)).isEqualTo(1);

            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(delayNs);
            assertThat(events.result(0)).isEqualTo(IoBackend.TIMEOUT_EXPIRED);
        }
    }

    @Test
    void aSubMillisecondPollReturnsNoEarlierThanAsked() {
        poll(0);
        for (int round = 0; round < 20; round++) {
            long timeoutNs = 300_000;
            long startNs = System.nanoTime();

            assertThat(poll(timeoutNs)).isZero();

            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(timeoutNs);
        }
    }

    @Test
    void cancellingAPendingTimeoutDeliversCancelledOnce() {
        backend.submitTimeout(7, TimeUnit.SECONDS.toNanos(30));

        assertThat(backend.cancel(7)).isTrue();
        assertThat(backend.cancel(7)).isTrue();

        assertThat(poll(WAIT_NS)).isEqualTo(1);
        assertThat(events.token(0)).isEqualTo(7);
        assertThat(events.result(0)).isEqualTo(IoBackend.CANCELLED);
        assertThat(poll(QUIET_NS)).isZero();
        assertThat(backend.cancel(7)).isFalse();
    }

    @Test
    void cancellingAnOperationThatCompletedInTheKernelStillDeliversCancelledOnce() {
        backend.submitNop(3);
        backend.submitTimeout(4, 0);

        assertThat(backend.cancel(3)).isTrue();
        assertThat(backend.cancel(4)).isTrue();

        List<Long> tokens = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT_NS;
        while (tokens.size() < 2 && System.nanoTime() < deadline) {
            poll(WAIT_NS);
            for (int i = 0; i < events.completionCount(); i++) {
                tokens.add(events.token(i));
                assertThat(events.result(i)).isEqualTo(IoBackend.CANCELLED);
            }
        }
        assertThat(tokens).containsExactlyInAnyOrder(3L, 4L);
        assertThat(poll(QUIET_NS)).isZero();
    }

    @Test
    void cancellingATokenNeverSubmittedReturnsFalse() {
        assertThat(backend.cancel(99)).isFalse();
        assertThat(backend.cancel(-1)).isFalse();
    }

    @Test
    void moreSubmissionsThanRingEntriesAreSubmittedEarlyAndAllComplete() {
        try (IoUringBackend small = IoUringBackend.open(4)) {
            int count = 200;
            for (int token = 0; token < count; token++) {
                if (token % 2 == 0) {
                    small.submitNop(token);
                } else {
                    small.submitTimeout(token, 0);
                }
            }

            Set<Long> tokens = new HashSet<>();
            long deadline = System.nanoTime() + WAIT_NS;
            while (tokens.size() < count && System.nanoTime() < deadline) {
                events.clear();
                small.poll(WAIT_NS, events);
                for (int i = 0; i < events.completionCount(); i++) {
                    assertThat(tokens.add(events.token(i))).isTrue();
                }
            }
            assertThat(tokens).hasSize(count);
        }
    }

    @Test
    void submissionsOfOneIterationShareOneSystemCall() {
        poll(0);
        long before = backend.syscalls();

        for (int token = 0; token < 10; token++) {
            backend.submitNop(token);
        }

        assertThat(poll(WAIT_NS)).isEqualTo(10);
        assertThat(backend.syscalls() - before).isEqualTo(1);
    }

    @Test
    void aPollWithNothingToSubmitOrReapMakesNoSystemCall() {
        poll(0);
        long before = backend.syscalls();

        assertThat(poll(0)).isZero();

        assertThat(backend.syscalls()).isEqualTo(before);
    }

    @Test
    void pollingAllocatesNothingOnceWarm() {
        int[] pair = socketPair();
        backend.interest(pair[0], 0, IoBackend.READ | IoBackend.WRITE);
        send(pair[1], 1);
        for (int i = 0; i < 20_000; i++) {
            warmIteration(i);
        }

        // A recompilation inside a window can materialise objects that compiled code had
        // kept in registers, so the claim is that some window of polls allocates nothing.
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < 5 && allocated != 0; window++) {
            long before = allocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                warmIteration(i);
            }
            allocated = allocatedBytes() - before;
        }

        assertThat(allocated).isZero();
    }

    private static long allocatedBytes() {
        try {
            return (long) ALLOCATED_BYTES.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /*
     * The module reads no java.management, so the counter is found by reflection, once,
     * and bound into a handle whose call allocates nothing.
     */
    private static MethodHandle allocationCounter() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            return MethodHandles.publicLookup().findVirtual(type,
                    "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .bindTo(threads);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no allocation counter in this JVM", e);
        }
    }

    private void warmIteration(int i) {
        events.clear();
        backend.submitNop(i);
        backend.submitTimeout(1_000_000 + i, 0);
        backend.poll(0, events);
        while (events.completionCount() < 2) {
            backend.poll(WAIT_NS, events);
        }
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseIsRefused() {
        backend.submitTimeout(1, TimeUnit.SECONDS.toNanos(30));
        poll(0);

        backend.close();
        backend.close();
        backend.wakeup();

        assertThatThrownBy(() -> backend.poll(0, events)).isInstanceOf(ClosedException.class)
                .hasMessage("io_uring backend is closed (poll)");
        assertThatThrownBy(() -> backend.submitNop(1)).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> backend.interest(0, 0, IoBackend.READ))
                .isInstanceOf(ClosedException.class);
    }

    @Test
    void openingAndClosingBackendsLeavesNoDescriptorAndNoMapping() {
        long mappingsBefore = ringMappingCount();

        for (int i = 0; i < 10; i++) {
            IoUringBackend other = IoUringBackend.open(16);
            other.submitTimeout(1, TimeUnit.SECONDS.toNanos(30));
            other.wakeup();
            events.clear();
            other.poll(WAIT_NS, events);
            other.close();
        }

        assertThat(ringMappingCount()).isEqualTo(mappingsBefore);
    }

    @Test
    void adoptingAChannelIsUnsupported() throws IOException {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            assertThatThrownBy(() -> backend.adopt(source))
                    .isInstanceOf(LoopyException.class)
                    .satisfies(e -> assertThat(((LoopyException) e).status())
                            .isEqualTo(Status.UNSUPPORTED));
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> backend.interest(-1, 0, IoBackend.READ))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fd=-1 (expected >= 0)");
        assertThatThrownBy(() -> backend.interest(0, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newMask=4 (expected a combination of READ=1 and WRITE=2)");
        assertThatThrownBy(() -> backend.submitNop(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("token=-1 (expected in [0, ");
        assertThatThrownBy(() -> backend.submitTimeout(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutNs=-1 (expected >= 0)");
        assertThatThrownBy(() -> backend.poll(-2, events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutNs=-2 (expected >= 0 or NO_TIMEOUT)");
        assertThatThrownBy(() -> backend.poll(0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("out");
        assertThatThrownBy(() -> IoUringBackend.open(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entries=0 (expected in [1, 32768])");
    }

    @Test
    void aTokenStillPendingCannotBeSubmittedAgain() {
        backend.submitTimeout(5, TimeUnit.SECONDS.toNanos(30));

        assertThatThrownBy(() -> backend.submitNop(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token=5 (expected one not pending)");
    }

    private int poll(long timeoutNs) {
        events.clear();
        return backend.poll(timeoutNs, events);
    }

    private int[] socketPair() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc = (int) SOCKETPAIR.invokeExact(Native.errnoSegment(), AF_UNIX,
                    SOCK_STREAM_NONBLOCK_CLOEXEC, 0, fds);
            assertThat(rc).isZero();
            int[] pair = {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
            openedFds.add(pair[0]);
            openedFds.add(pair[1]);
            return pair;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private void closePair(int[] pair) {
        for (int fd : pair) {
            LibC.closeQuietly(fd);
            openedFds.remove(Integer.valueOf(fd));
        }
    }

    private static void send(int fd, int bytes) {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(LibC.write(fd, arena.allocate(bytes), bytes)).isEqualTo(bytes);
        }
    }

    private static void receive(int fd, int bytes) {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(LibC.read(fd, arena.allocate(bytes), bytes)).isEqualTo(bytes);
        }
    }

    private static long openFdCount() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ringMappingCount() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains("io_uring")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
