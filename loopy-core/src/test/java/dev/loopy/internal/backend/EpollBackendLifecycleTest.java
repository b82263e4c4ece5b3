package dev.loopy.internal.backend;

import static dev.loopy.internal.backend.EpollFixture.pollNow;
import static dev.loopy.internal.backend.EpollFixture.writeByte;
import static dev.loopy.internal.backend.IoBackend.NO_TIMEOUT;
import static dev.loopy.internal.backend.IoBackend.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.loopy.Backend;
import dev.loopy.ClosedException;
import dev.loopy.LoopyException;
import dev.loopy.Status;
import dev.loopy.internal.backend.EpollFixture.Pipe;
import dev.loopy.internal.linux.NoDescriptorLeaks;
import java.nio.channels.Pipe.SourceChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EpollBackendLifecycleTest {
    private static final int ROUNDS = 200;
    private static final long DEADLINE_S = 5;
    private static final int BATCH_POLLS = 10_000;
    private static final int MAX_BATCHES = 40;

    private static ExecutorService helper;

    @BeforeAll
    static void startHelper() {
        helper = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory());
    }

    @AfterAll
    static void stopHelper() throws InterruptedException {
        helper.shutdownNow();
        assertThat(helper.awaitTermination(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void isAvailableOnLinuxAndCallsItselfEpoll() {
        assertThat(EpollBackend.unavailableReason()).isNull();
        try (EpollBackend backend = EpollBackend.open(1)) {
            assertThat(backend.kind()).isEqualTo(Backend.EPOLL);
        }
    }

    @Test
    void aCapacityHintBelowOneIsRejected() {
        assertThatThrownBy(() -> EpollBackend.open(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacityHint=0 (expected > 0)");
    }

    @Test
    void aWakeupFromAnotherThreadReleasesABlockedPoll() throws Exception {
        try (EpollBackend backend = EpollBackend.open(16)) {
            ReadyEvents events = new ReadyEvents();
            Phaser bothReady = new Phaser(2);
            Future<?> waker = helper.submit(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    bothReady.arriveAndAwaitAdvance();
                    backend.wakeup();
                }
            });

            for (int round = 0; round < ROUNDS; round++) {
                bothReady.arriveAndAwaitAdvance();
                events.clear();
                assertThat(backend.poll(NO_TIMEOUT, events)).isZero();
            }

            waker.get(DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWakeupBeforeThePollMakesItReturnAtOnce() {
        try (EpollBackend backend = EpollBackend.open(16)) {
            backend.wakeup();

            assertThat(backend.poll(NO_TIMEOUT, new ReadyEvents())).isZero();
        }
    }

    @Test
    void wakeupsSentTogetherReleaseOnePollAndAreNotReportedAsReadiness() {
        try (EpollBackend backend = EpollBackend.open(16); Pipe pipe = Pipe.open()) {
            ReadyEvents events = new ReadyEvents();
            backend.interest(pipe.readFd(), 0, READ);
            writeByte(pipe.writeFd());
            backend.wakeup();
            backend.wakeup();

            int count = backend.poll(NO_TIMEOUT, events);

            assertThat(count).isEqualTo(1);
            assertThat(events.fd(0)).isEqualTo(pipe.readFd());
        }
    }

    @Test
    void aPollOnAnotherThreadIsReleasedByAWakeupFromAThirdThread() throws Exception {
        try (EpollBackend backend = EpollBackend.open(16)) {
            CountDownLatch polling = new CountDownLatch(1);
            Future<Integer> poller = helper.submit(() -> {
                polling.countDown();
                return backend.poll(NO_TIMEOUT, new ReadyEvents());
            });
            assertThat(polling.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();

            Thread.ofPlatform().start(backend::wakeup).join();

            assertThat(poller.get(DEADLINE_S, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void closeIsIdempotent() {
        EpollBackend backend = EpollBackend.open(16);

        backend.close();

        assertThatCode(backend::close).doesNotThrowAnyException();
    }

    @Test
    void aClosedBackendRefusesEveryOperationButWakeup() {
        EpollBackend backend = EpollBackend.open(16);
        backend.close();
        ReadyEvents events = new ReadyEvents();

        assertThatThrownBy(() -> backend.poll(0, events)).isInstanceOf(ClosedException.class)
                .hasMessageContaining("poll");
        assertThatThrownBy(() -> backend.interest(0, 0, READ))
                .isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> backend.submitNop(1)).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> backend.submitTimeout(1, 1))
                .isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> backend.cancel(1)).isInstanceOf(ClosedException.class);
        assertThatCode(backend::wakeup).doesNotThrowAnyException();
    }

    @Test
    void aWakeupRacingWithCloseNeverFails() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            EpollBackend backend = EpollBackend.open(1);
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            Future<?> waker = helper.submit(() -> {
                started.countDown();
                while (!stop.get()) {
                    backend.wakeup();
                }
            });
            assertThat(started.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();

            backend.close();
            stop.set(true);

            waker.get(DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void adoptingAChannelIsUnsupported() throws Exception {
        java.nio.channels.Pipe channels = java.nio.channels.Pipe.open();
        try (EpollBackend backend = EpollBackend.open(16);
                SourceChannel source = channels.source();
                var sink = channels.sink()) {
            assertThatThrownBy(() -> backend.adopt(source))
                    .isInstanceOfSatisfying(LoopyException.class,
                            e -> assertThat(e.status()).isEqualTo(Status.UNSUPPORTED));
            assertThatThrownBy(() -> backend.release(3))
                    .isInstanceOfSatisfying(LoopyException.class,
                            e -> assertThat(e.status()).isEqualTo(Status.UNSUPPORTED));
        }
    }

    @Test
    void everyWaitInterestChangeAndWakeupIsCounted() {
        try (EpollBackend backend = EpollBackend.open(16); Pipe pipe = Pipe.open()) {
            ReadyEvents events = new ReadyEvents();
            long before = backend.syscalls();

            backend.interest(pipe.readFd(), 0, READ);
            pollNow(backend, events);
            backend.wakeup();

            assertThat(backend.syscalls() - before).isEqualTo(3);
        }
    }

    @Test
    void aWarmPollAllocatesNothing() {
        try (EpollBackend backend = EpollBackend.open(16); Pipe pipe = Pipe.open()) {
            ReadyEvents events = new ReadyEvents();
            backend.interest(pipe.readFd(), 0, READ);
            writeByte(pipe.writeFd());

            // The JIT removes what the interpreter allocates around a downcall; a real
            // allocation per poll would show in every batch.
            long fewestBytes = Long.MAX_VALUE;
            for (int batch = 0; batch < MAX_BATCHES && fewestBytes > 0; batch++) {
                long beforeBytes = allocatedBytes();
                pollRepeatedly(backend, events, BATCH_POLLS);
                long batchBytes = allocatedBytes() - beforeBytes;
                fewestBytes = Math.min(fewestBytes, batchBytes);
            }

            assertThat(fewestBytes).as("bytes allocated by a batch of %d polls", BATCH_POLLS)
                    .isLessThan(BATCH_POLLS);
        }
    }

    /*
     * Reached by reflection: the tests are compiled into the library's module, which reads
     * java.base alone. The call itself allocates the same few bytes every time.
     */
    private static long allocatedBytes() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes").invoke(threads);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no allocation counter in this JVM", e);
        }
    }

    private static void pollRepeatedly(EpollBackend backend, ReadyEvents events, int polls) {
        for (int i = 0; i < polls; i++) {
            backend.submitNop(i);
            backend.submitTimeout(i, 0);
            backend.wakeup();
            events.clear();
            backend.poll(0, events);
        }
    }
}
