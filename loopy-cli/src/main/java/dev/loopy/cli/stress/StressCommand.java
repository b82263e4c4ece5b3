package dev.loopy.cli.stress;

import dev.loopy.Backend;
import dev.loopy.util.Random;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loopy stress}: runs scenarios at a level and exits non-zero on any violation.
 *
 * <p>Exit status: 0 when every check passed, 1 when any message was lost, duplicated,
 * reordered, corrupted or invented or a scenario failed, 2 for a bad command line.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Drive channels, pub/sub and the registry from many threads and "
                + "verify that every message arrives once, intact and in order.",
                "Exit status: 0 all checks passed, 1 a violation, 2 a bad command line."})
public final class StressCommand implements Callable<Integer> {
    /** The exit status when a check failed. */
    public static final int VIOLATION = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "all", paramLabel = "NAME",
            description = "channel-mpmc, channel-spsc, pubsub, registry, integration or "
                    + "all (default: ${DEFAULT-VALUE}).")
    private String scenario;

    @Option(names = "--level", defaultValue = "quick", paramLabel = "LEVEL",
            converter = LevelConverter.class,
            description = "quick (seconds), medium (about 30 s) or thorough (minutes); "
                    + "default: ${DEFAULT-VALUE}.")
    private StressLevel level;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of every random choice; printed so a run can be repeated.")
    private Long seed;

    @Option(names = "--backend", paramLabel = "BACKEND", converter = BackendConverter.class,
            description = "Loop backend: io_uring, epoll or nio (default: the loop's).")
    private Backend backend;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            converter = ModeConverter.class,
            description = "auto, terminal, plain or none (default: ${DEFAULT-VALUE}).")
    private Progress.Mode progress;

    @Override
    public Integer call() throws InterruptedException {
        List<Scenario> chosen = chosenScenarios();
        long runSeed = seed != null ? seed : Random.nextLong();
        PrintWriter out = spec.commandLine().getOut();
        out.println("stress level=" + level.label() + " seed=" + runSeed + " backend="
                + (backend == null ? "default" : backend.label()));
        StressRunner runner = new StressRunner(out, progress);
        boolean passed = true;
        for (Scenario each : chosen) {
            passed &= runner.run(each, level, runSeed, backend).passed();
        }
        out.flush();
        return passed ? 0 : VIOLATION;
    }

    private List<Scenario> chosenScenarios() {
        if (scenario.equals("all")) {
            return Scenarios.all();
        }
        try {
            return List.of(Scenarios.byName(scenario));
        } catch (IllegalArgumentException unknown) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    unknown.getMessage());
        }
    }

    /** Reads {@code --level}. */
    static final class LevelConverter implements CommandLine.ITypeConverter<StressLevel> {
        @Override
        public StressLevel convert(String value) {
            return StressLevel.fromLabel(value);
        }
    }

    /** Reads {@code --backend}. */
    static final class BackendConverter implements CommandLine.ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            return Backend.fromLabel(value);
        }
    }

    /** Reads {@code --progress}. */
    static final class ModeConverter implements CommandLine.ITypeConverter<Progress.Mode> {
        @Override
        public Progress.Mode convert(String value) {
            return Progress.Mode.fromLabel(value);
        }
    }
}
