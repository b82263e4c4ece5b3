package dev.loopy.internal.backend;

import static dev.loopy.internal.backend.EpollFixture.NOT_REPORTED;
import static dev.loopy.internal.backend.EpollFixture.maskOf;
import static dev.loopy.internal.backend.EpollFixture.pollNow;
import static dev.loopy.internal.backend.EpollFixture.readByte;
import static dev.loopy.internal.backend.EpollFixture.writeByte;
import static dev.loopy.internal.backend.IoBackend.READ;
import static dev.loopy.internal.backend.IoBackend.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.NativeException;
import dev.loopy.internal.backend.EpollFixture.Pipe;
import dev.loopy.internal.backend.EpollFixture.SocketPair;
import dev.loopy.internal.linux.Errno;
import dev.loopy.internal.linux.LibC;
import dev.loopy.internal.linux.NoDescriptorLeaks;
import dev.loopy.internal.linux.Sockets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDescriptorLeaks.class)
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EpollBackendReadinessTest {
    private EpollBackend backend;
    private final ReadyEvents events = new ReadyEvents();

    @BeforeEach
    void open() {
        backend = EpollBackend.open(16);
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void aPipeWithDataIsReportedReadable() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.readFd(), 0, READ);
            writeByte(pipe.writeFd());

            int count = pollNow(backend, events);

            assertThat(count).isEqualTo(1);
            assertThat(maskOf(events, pipe.readFd())).isEqualTo(READ);
        }
    }

    @Test
    void anEmptyPipeIsNotReported() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.readFd(), 0, READ);

            assertThat(pollNow(backend, events)).isZero();
        }
    }

    @Test
    void theWriteEndOfAnEmptyPipeIsReportedWritable() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.writeFd(), 0, WRITE);

            pollNow(backend, events);

            assertThat(maskOf(events, pipe.writeFd())).isEqualTo(WRITE);
        }
    }

    @Test
    void aSocketWithDataAndRoomIsReportedReadableAndWritableInOneEntry() {
        try (SocketPair pair = SocketPair.open()) {
            backend.interest(pair.left(), 0, READ | WRITE);
            writeByte(pair.right());

            int count = pollNow(backend, events);

            assertThat(count).isEqualTo(1);
            assertThat(maskOf(events, pair.left())).isEqualTo(READ | WRITE);
        }
    }

    @Test
    void readinessIsReportedAgainUntilTheDataIsRead() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.readFd(), 0, READ);
            writeByte(pipe.writeFd());

            int first = pollNow(backend, events);
            int second = pollNow(backend, events);
            readByte(pipe.readFd());
            int afterRead = pollNow(backend, events);

            assertThat(first).isEqualTo(1);
            assertThat(second).isEqualTo(1);
            assertThat(afterRead).isZero();
        }
    }

    @Test
    void droppingWriteInterestKeepsReadReports() {
        try (SocketPair pair = SocketPair.open()) {
            backend.interest(pair.left(), 0, READ | WRITE);
            writeByte(pair.right());

            backend.interest(pair.left(), READ | WRITE, READ);
            pollNow(backend, events);

            assertThat(maskOf(events, pair.left())).isEqualTo(READ);
        }
    }

    @Test
    void addingWriteInterestToAReaderReportsBoth() {
        try (SocketPair pair = SocketPair.open()) {
            backend.interest(pair.left(), 0, READ);
            writeByte(pair.right());

            backend.interest(pair.left(), READ, READ | WRITE);
            pollNow(backend, events);

            assertThat(maskOf(events, pair.left())).isEqualTo(READ | WRITE);
        }
    }

    @Test
    void droppingAllInterestStopsEveryReport() {
        try (SocketPair pair = SocketPair.open()) {
            backend.interest(pair.left(), 0, READ | WRITE);
            writeByte(pair.right());

            backend.interest(pair.left(), READ | WRITE, 0);

            assertThat(pollNow(backend, events)).isZero();
        }
    }

    @Test
    void aDescriptorCanBeRegisteredAgainAfterItsInterestWasDropped() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.writeFd(), 0, WRITE);
            backend.interest(pipe.writeFd(), WRITE, 0);

            backend.interest(pipe.writeFd(), 0, WRITE);
            pollNow(backend, events);

            assertThat(maskOf(events, pipe.writeFd())).isEqualTo(WRITE);
        }
    }

    @Test
    void equalMasksMakeNoSystemCall() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.readFd(), 0, READ);
            long before = backend.syscalls();

            backend.interest(pipe.readFd(), READ, READ);
            backend.interest(pipe.writeFd(), 0, 0);

            assertThat(backend.syscalls()).isEqualTo(before);
        }
    }

    @Test
    void aReaderLearnsThatTheWriterHungUpWithNothingLeftToRead() {
        Pipe pipe = Pipe.open();
        try {
            backend.interest(pipe.readFd(), 0, READ);
            LibC.close(pipe.writeFd());

            pollNow(backend, events);

            assertThat(maskOf(events, pipe.readFd())).isEqualTo(READ);
            assertThat(readByte(pipe.readFd())).isZero();
        } finally {
            LibC.closeQuietly(pipe.readFd());
        }
    }

    @Test
    void aWriterLearnsThatTheReaderIsGone() {
        Pipe pipe = Pipe.open();
        try {
            backend.interest(pipe.writeFd(), 0, WRITE);
            LibC.close(pipe.readFd());

            pollNow(backend, events);

            assertThat(maskOf(events, pipe.writeFd())).isEqualTo(WRITE);
        } finally {
            LibC.closeQuietly(pipe.writeFd());
        }
    }

    @Test
    void aReaderLearnsThatThePeerShutDownItsWritingHalf() {
        try (SocketPair pair = SocketPair.open()) {
            backend.interest(pair.left(), 0, READ);

            Sockets.shutdown(pair.right(), Sockets.SHUT_WR);
            pollNow(backend, events);

            assertThat(maskOf(events, pair.left())).isEqualTo(READ);
        }
    }

    @Test
    void aHangUpIsNotReportedAsADirectionWithoutInterest() {
        try (SocketPair pair = SocketPair.open()) {
            backend.interest(pair.left(), 0, WRITE);
            Sockets.shutdown(pair.right(), Sockets.SHUT_RDWR);

            pollNow(backend, events);

            assertThat(maskOf(events, pair.left())).isIn(WRITE, NOT_REPORTED);
        }
    }

    @Test
    void theEventArrayGrowsUntilOnePollReportsEveryReadyDescriptor() {
        int pipeCount = 40;
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < pipeCount; i++) {
                Pipe pipe = Pipe.open();
                pipes.add(pipe);
                backend.interest(pipe.writeFd(), 0, WRITE);
            }

            List<Integer> counts = new ArrayList<>();
            for (int poll = 0; poll < 3; poll++) {
                counts.add(pollNow(backend, events));
            }

            assertThat(counts.getFirst()).isLessThan(pipeCount);
            assertThat(counts.getLast()).isEqualTo(pipeCount);
        } finally {
            pipes.forEach(Pipe::close);
        }
    }

    @Test
    void interestInAClosedDescriptorFailsWithEbadfNamingTheCallAndTheDescriptor() {
        Pipe pipe = Pipe.open();
        pipe.close();

        assertThatThrownBy(() -> backend.interest(pipe.readFd(), 0, READ))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EBADF);
                    assertThat(e.syscall()).isEqualTo("epoll_ctl");
                    assertThat(e.getMessage()).contains("fd=" + pipe.readFd());
                });
    }

    @Test
    void changingTheInterestOfAnUnknownDescriptorFailsWithEnoent() {
        try (Pipe pipe = Pipe.open()) {
            assertThatThrownBy(() -> backend.interest(pipe.readFd(), READ, READ | WRITE))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                        assertThat(e.getMessage()).contains("op=mod", "fd=" + pipe.readFd());
                    });
        }
    }

    @Test
    void registeringADescriptorTwiceFailsWithEexist() {
        try (Pipe pipe = Pipe.open()) {
            backend.interest(pipe.readFd(), 0, READ);

            assertThatThrownBy(() -> backend.interest(pipe.readFd(), 0, READ))
                    .isInstanceOfSatisfying(NativeException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        }
    }

    @Test
    void aNegativeDescriptorIsRejected() {
        assertThatThrownBy(() -> backend.interest(-1, 0, READ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fd=-1 (expected >= 0)");
    }

    @Test
    void aMaskWithUnknownBitsIsRejected() {
        assertThatThrownBy(() -> backend.interest(0, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newMask=4");
        assertThatThrownBy(() -> backend.interest(0, -1, READ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oldMask=-1");
    }
}
