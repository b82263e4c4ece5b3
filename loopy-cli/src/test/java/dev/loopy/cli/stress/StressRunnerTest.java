package dev.loopy.cli.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StressRunnerTest {
    private final StringWriter output = new StringWriter();
    private final PrintWriter out = new PrintWriter(output, true);

    /** A scenario whose one round delivers with a chosen fault. */
    private record FakeScenario(String name, boolean dropOne) implements Scenario {
        @Override
        public String description() {
            return "a fake";
        }

        @Override
        public void run(StressContext context) throws InterruptedException {
            SequenceChecker checker = new SequenceChecker(name + " round 1", 2, 100);
            AtomicLong delivered = new AtomicLong();
            Workers workers = new Workers(context);
            workers.start("fake-receiver", () -> {
                SequenceChecker.Observer observer = checker.observer(true);
                for (int sequence = 0; sequence < 100; sequence++) {
                    observer.record(StressMessage.of(0, sequence));
                    if (!(dropOne && sequence == 42)) {
                        observer.record(StressMessage.of(1, sequence));
                    }
                    delivered.incrementAndGet();
                }
            });
            workers.open();
            workers.join(Duration.ofSeconds(10));
            context.sent(200);
            context.received(delivered.get());
            context.report(checker.verify(new long[] {100, 100}));
        }
    }

    @Test
    void aCleanScenarioPrintsItsChecksAndAPassVerdict() throws InterruptedException {
        StressResult result = new StressRunner(out, Progress.Mode.NONE)
                .run(new FakeScenario("fake", false), StressLevel.QUICK, 42, null);

        assertThat(result.passed()).isTrue();
        assertThat(output.toString()).contains("ok   fake round 1: 200 sent, 200 received")
                .contains("PASS fake level=quick seed=42 backend=default: 1 checks");
    }

    @Test
    void aLostMessageFailsTheRunAndIsNamedInTheReport() throws InterruptedException {
        StressResult result = new StressRunner(out, Progress.Mode.NONE)
                .run(new FakeScenario("fake", true), StressLevel.QUICK, 42, null);

        assertThat(result.passed()).isFalse();
        assertThat(output.toString()).contains("FAIL fake round 1: 200 sent, 199 received")
                .contains("loss source=1 sequence=42: 1 in a row never arrived")
                .contains("FAIL fake level=quick");
    }

    @Test
    void aScenarioThatThrowsIsReportedAsAFailure() throws InterruptedException {
        Scenario throwing = new Scenario() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public String description() {
                return "throws";
            }

            @Override
            public void run(StressContext context) {
                throw new IllegalStateException("broken invariant");
            }
        };

        StressResult result = new StressRunner(out, Progress.Mode.NONE)
                .run(throwing, StressLevel.QUICK, 1, null);

        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).extracting(Violation::detail)
                .containsExactly("[starting] throwing threw java.lang.IllegalStateException: "
                        + "broken invariant");
    }

    @Test
    void aScenarioThatChecksNothingFails() throws InterruptedException {
        StressResult result = new StressRunner(out, Progress.Mode.NONE).run(new Scenario() {
            @Override
            public String name() {
                return "idle";
            }

            @Override
            public String description() {
                return "does nothing";
            }

            @Override
            public void run(StressContext context) {
            }
        }, StressLevel.QUICK, 1, null);

        assertThat(result.passed()).isFalse();
        assertThat(output.toString()).contains("FAIL idle: no check was run");
    }

    @Test
    void aWorkerThatThrowsIsReportedWithItsName() throws InterruptedException {
        StressContext context = new StressContext("x", StressLevel.QUICK, 1, null);
        Workers workers = new Workers(context);
        workers.start("worker-7", () -> {
            throw new IllegalStateException("boom");
        });

        workers.open();
        assertThat(workers.join(Duration.ofSeconds(10))).isTrue();

        assertThat(context.result().failures()).extracting(Violation::detail)
                .containsExactly("[starting] worker-7 threw java.lang.IllegalStateException: boom");
    }

    @Test
    void terminalProgressRewritesOneLineInPlace() {
        Progress progress = new Progress(out, Progress.Mode.TERMINAL);

        progress.show("a long first line");
        progress.show("short");
        progress.finish();

        assertThat(output.toString())
                .isEqualTo("\ra long first line\rshort            " + System.lineSeparator());
        assertThat(progress.intervalMs()).isLessThan(1_000);
    }

    @Test
    void plainProgressPrintsWholeLinesNowAndThen() {
        Progress progress = new Progress(out, Progress.Mode.PLAIN);

        progress.show("first");
        progress.show("second");
        progress.finish();

        assertThat(output.toString()).isEqualTo("first" + System.lineSeparator() + "second"
                + System.lineSeparator());
        assertThat(progress.intervalMs()).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void levelsAreOrderedByHowHardTheyPush() {
        assertThat(StressLevel.QUICK.budget()).isLessThan(StressLevel.MEDIUM.budget());
        assertThat(StressLevel.MEDIUM.budget()).isLessThan(StressLevel.THOROUGH.budget());
        assertThat(StressLevel.fromLabel("Thorough")).isEqualTo(StressLevel.THOROUGH);
        assertThat(StressLevel.values()).extracting(StressLevel::label)
                .containsExactly("quick", "medium", "thorough");
    }

    @Test
    void aBadCommandLineExitsWithTwoAndSaysWhy() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new StressCommand())
                .setErr(new PrintWriter(errors)).setOut(out);

        assertThat(command.execute("--level", "extreme")).isEqualTo(2);
        assertThat(errors.toString()).contains("level=extreme (expected quick, medium or "
                + "thorough)");
        assertThat(command.execute("--scenario", "nonsense")).isEqualTo(2);
        assertThat(errors.toString()).contains("scenario=nonsense (expected all or one of");
        assertThat(command.execute("--backend", "kqueue")).isEqualTo(2);
        assertThat(command.execute("--progress", "loud")).isEqualTo(2);
    }
}
