package dev.loopy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopy.Backend;
import dev.loopy.Loop;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoopyCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new LoopyCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void infoPrintsALinePerBackendThenTheDefaultKernelAndFeatures() {
        int status = run("info");

        String[] lines = out.toString().split("\n");
        assertThat(status).isZero();
        assertThat(lines[0]).matches("io_uring: (available|unavailable \\(.+\\))");
        assertThat(lines[1]).matches("epoll: (available|unavailable \\(.+\\))");
        assertThat(lines[2]).isEqualTo("nio: available");
        assertThat(lines[3]).isEqualTo("default: " + Loop.backendReport().defaultBackend().label());
        assertThat(lines[4]).startsWith("kernel: ");
        assertThat(lines[5]).startsWith("io_uring features: ");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void demoShowsTheLoopAtWorkAndExitsZeroOnEveryBackend(Backend backend) {
        assumeTrue(Loop.backendReport().entry(backend).available(), backend.label());

        int status = run("demo", "--backend", backend.label());

        String text = out.toString();
        assertThat(status).as(text + err).isZero();
        assertThat(text).contains("loop started on backend " + backend.label())
                .contains("zero-delay timer fired")
                .contains("periodic timer tick 5")
                .contains("received \"ping")
                .contains("1000 tasks executed from another thread")
                .contains("100000 async sends from another thread coalesced into")
                .contains("metrics: ");
    }

    @Test
    void anUnknownBackendIsRefusedNamingTheArgument() {
        int status = run("demo", "--backend", "kqueue");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("backend=kqueue (expected io_uring, epoll or nio)");
    }
}
