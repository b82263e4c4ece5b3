package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnameTest {
    @Test
    void theReleaseIsTheOneProcReports() throws IOException {
        String proc = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();

        assertThat(Uname.release()).isEqualTo(proc);
        assertThat(Uname.sysname()).isEqualTo("Linux");
        assertThat(Uname.machine()).isNotBlank();
    }

    @Test
    void theRunningKernelIsAtLeastItsOwnVersionButNotTheNextMajor() {
        int major = Uname.major();
        int minor = Uname.minor();

        assertThat(major).isPositive();
        assertThat(Uname.isAtLeast(major, minor)).isTrue();
        assertThat(Uname.isAtLeast(major - 1, minor + 1)).isTrue();
        assertThat(Uname.isAtLeast(major, minor + 1)).isFalse();
        assertThat(Uname.isAtLeast(major + 1, 0)).isFalse();
    }

    @Test
    void aReleaseStringIsParsedUpToItsFirstNonDigits() {
        assertThat(Uname.majorOf("6.8.0-45-generic")).isEqualTo(6);
        assertThat(Uname.minorOf("6.8.0-45-generic")).isEqualTo(8);
        assertThat(Uname.majorOf("5.15")).isEqualTo(5);
        assertThat(Uname.minorOf("5.15")).isEqualTo(15);
        assertThat(Uname.minorOf("4-custom")).isZero();
        assertThat(Uname.majorOf("")).isZero();
    }
}
