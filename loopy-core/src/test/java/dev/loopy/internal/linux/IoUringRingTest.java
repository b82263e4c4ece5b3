package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IoUringRingTest {
    private long fdsBefore;

    @BeforeEach
    void requireIoUring() {
        String reason = IoUringProbe.unavailableReason();
        assumeTrue(reason == null, () -> "io_uring unavailable: " + reason);
        fdsBefore = openFdCount();
    }

    @AfterEach
    void leaveNoDescriptorBehind() {
        assertThat(openFdCount()).isEqualTo(fdsBefore);
    }

    @Test
    void theLayoutsHaveTheKernelsSizes() {
        assertThat(IoUringLayouts.IO_URING_SQE.byteSize()).isEqualTo(64);
        assertThat(IoUringLayouts.IO_URING_CQE.byteSize()).isEqualTo(16);
        assertThat(IoUringLayouts.IO_URING_PARAMS.byteSize()).isEqualTo(120);
        assertThat(IoUringLayouts.IO_URING_GETEVENTS_ARG.byteSize()).isEqualTo(24);
        assertThat(IoUringLayouts.IO_URING_PROBE_OP.byteSize()).isEqualTo(8);
        assertThat(IoUringLayouts.SQE_USER_DATA).isEqualTo(32);
        assertThat(IoUringLayouts.SQ_OFF_ARRAY).isEqualTo(64);
        assertThat(IoUringLayouts.CQ_OFF_CQES).isEqualTo(100);
    }

    @Test
    void settingUpAndClosingRingsLeavesNoDescriptorAndNoMapping() {
        long mappingsBefore = ringMappingCount();

        for (int i = 0; i < 20; i++) {
            IoUringRing ring = IoUringRing.open(64);
            assertThat(ringMappingCount()).isGreaterThan(mappingsBefore);
            ring.close();
        }

        assertThat(ringMappingCount()).isEqualTo(mappingsBefore);
    }

    @Test
    void theCompletionRingIsLargerThanTheSubmissionRing() {
        try (IoUringRing ring = IoUringRing.open(100)) {
            assertThat(ring.sqEntries()).isEqualTo(128);
            assertThat(ring.cqEntries()).isEqualTo(128 * IoUringRing.CQ_PER_SQ);
            assertThat(ring.setupFlags() & IoUring.IORING_SETUP_CQSIZE).isNotZero();
            assertThat(ring.hasFeature(IoUring.IORING_FEAT_NODROP)).isTrue();
        }
    }

    @Test
    void queuedNopsCompleteWithTheirUserData() {
        try (IoUringRing ring = IoUringRing.open(4)) {
            for (long i = 0; i < 3; i++) {
                assertThat(ring.queue(IoUring.IORING_OP_NOP, 0, -1, 0, 0, 0, 0, 100 + i)).isTrue();
            }
            assertThat(ring.sqPending()).isEqualTo(3);

            int consumed = ring.enter(3, 3, IoUring.IORING_ENTER_GETEVENTS, MemorySegment.NULL);

            assertThat(consumed).isEqualTo(3);
            assertThat(ring.sqPending()).isZero();
            assertThat(ring.cqReady()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(ring.cqeUserData(i)).isEqualTo(100 + i);
                assertThat(ring.cqeRes(i)).isZero();
            }
            ring.cqAdvance(3);
            assertThat(ring.cqReady()).isZero();
        }
    }

    @Test
    void aFullSubmissionQueueRefusesAnotherEntryUntilTheKernelConsumes() {
        try (IoUringRing ring = IoUringRing.open(4)) {
            for (int i = 0; i < ring.sqEntries(); i++) {
                assertThat(ring.queue(IoUring.IORING_OP_NOP, 0, -1, 0, 0, 0, 0, i)).isTrue();
            }
            assertThat(ring.sqFull()).isTrue();
            assertThat(ring.queue(IoUring.IORING_OP_NOP, 0, -1, 0, 0, 0, 0, 99)).isFalse();

            ring.enter(ring.sqPending(), 0, 0, MemorySegment.NULL);

            assertThat(ring.sqFull()).isFalse();
            assertThat(ring.queue(IoUring.IORING_OP_NOP, 0, -1, 0, 0, 0, 0, 99)).isTrue();
        }
    }

    @Test
    void theDefaultRingAcceptsSubmissionsFromAThreadOtherThanItsCreator() throws Exception {
        try (IoUringRing ring = IoUringRing.open(8)) {
            assertThat(ring.setupFlags() & IoUring.IORING_SETUP_COOP_TASKRUN).isNotZero();
            assertThat(ring.setupFlags() & IoUring.IORING_SETUP_SINGLE_ISSUER).isZero();

            assertThat(nopFromAnotherThread(ring)).isEqualTo(1);
        }
    }

    @Test
    void aSingleIssuerRingWouldRefuseTheThreadALoopIsHandedTo() throws Exception {
        try (IoUringRing ring = IoUringRing.open(8, IoUring.IORING_SETUP_SINGLE_ISSUER)) {
            assertThat(nopFromAnotherThread(ring)).isEqualTo(-Errno.EEXIST);
        }
    }

    private static int nopFromAnotherThread(IoUringRing ring) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            return other.submit(() -> {
                ring.queue(IoUring.IORING_OP_NOP, 0, -1, 0, 0, 0, 0, 1);
                return ring.enter(1, 1, IoUring.IORING_ENTER_GETEVENTS, MemorySegment.NULL);
            }).get(5, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void closingARingTwiceIsHarmless() {
        IoUringRing ring = IoUringRing.open(8);

        ring.close();
        ring.close();
    }

    @Test
    void aRingOfNoEntriesIsRefused() {
        assertThatThrownBy(() -> IoUringRing.open(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entries=0 (expected > 0)");
    }

    @Test
    void theProbeReportsTheOpcodesTheBackendNeeds() {
        List<String> opcodes = IoUringProbe.supportedOpcodes();

        assertThat(opcodes).contains("nop", "poll_add", "poll_remove", "timeout",
                "async_cancel", "read");
        assertThat(IoUringProbe.supportsOpcode(IoUring.IORING_OP_TIMEOUT)).isTrue();
        assertThat(IoUringProbe.supportsOpcode(255)).isFalse();
        assertThat(IoUringProbe.supportsOpcode(-1)).isFalse();
    }

    @Test
    void theProbeReportsFeaturesByName() {
        List<String> features = IoUringProbe.probeFeatures();

        assertThat(features).contains("single_mmap", "nodrop", "ext_arg", "multishot_poll");
        assertThat(IoUringProbe.features() & IoUring.IORING_FEAT_EXT_ARG).isNotZero();
    }

    @Test
    void featureBitsAndOpcodesNewerThanTheTablesGetNumberedNames() {
        assertThat(IoUringProbe.featureNames(1 | (1 << 8) | (1 << 30)))
                .containsExactly("single_mmap", "ext_arg", "feature_bit_30");
        assertThat(IoUringProbe.opcodeName(0)).isEqualTo("nop");
        assertThat(IoUringProbe.opcodeName(59)).isEqualTo("epoll_wait");
        assertThat(IoUringProbe.opcodeName(200)).isEqualTo("op_200");
    }

    static long openFdCount() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long ringMappingCount() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains("io_uring")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
