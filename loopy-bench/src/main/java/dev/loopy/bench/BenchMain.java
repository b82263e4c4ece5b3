package dev.loopy.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the benchmarks that JMH's usual command line selects, then prints loopy's figure
 * beside each rival's, with the ratio, for every benchmark that has an {@code impl}
 * parameter. Implementations whose name starts with {@code loopy} are loopy's variants;
 * the others are rivals.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -jar loopy-bench.jar
 * <regex> [jmh options]}, for example {@code Timer -prof gc}, or {@code Timer -f 1 -wi 2
 * -i 3} for a quick pass.
 */
public final class BenchMain {
    private static final String IMPL = "impl";
    private static final String LOOPY = "loopy";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private BenchMain() {
    }

    /**
     * Runs JMH with the given command line and prints the side-by-side summary.
     *
     * @param args JMH's command line
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if the command line is not JMH's
     * @throws IOException if the help text cannot be printed
     */
    public static void main(String[] args)
            throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp()) {
            options.showHelp();
            return;
        }
        Runner runner = new Runner(options);
        if (options.shouldList()) {
            runner.list();
            return;
        }
        print(runner.run(), System.out);
    }

    static void print(Collection<RunResult> results, PrintStream out) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            if (params.getParamsKeys().contains(IMPL)) {
                groups.computeIfAbsent(groupOf(params), key -> new ArrayList<>()).add(result);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        out.println();
        out.println("loopy beside its rivals (each rival's ratio to each loopy variant;"
                + " > 1: loopy is better)");
        groups.forEach((group, members) -> printGroup(group, members, out));
    }

    private static void printGroup(String group, List<RunResult> members, PrintStream out) {
        List<RunResult> loopys = members.stream().filter(BenchMain::isLoopy).toList();
        out.println(group);
        for (RunResult member : members) {
            Result<?> score = member.getPrimaryResult();
            String line = String.format(Locale.ROOT, "  %-14s %12.2f ± %-9.2f %-8s %s%s",
                    member.getParams().getParam(IMPL), score.getScore(),
                    score.getScoreError(), score.getScoreUnit(),
                    allocationOf(member), isLoopy(member) ? "" : ratiosOf(loopys, member));
            out.println(line.stripTrailing());
        }
    }

    private static boolean isLoopy(RunResult result) {
        return result.getParams().getParam(IMPL).startsWith(LOOPY);
    }

    private static String groupOf(BenchmarkParams params) {
        StringBuilder group = new StringBuilder(params.getBenchmark());
        for (String key : params.getParamsKeys()) {
            if (!IMPL.equals(key)) {
                group.append(' ').append(key).append('=').append(params.getParam(key));
            }
        }
        return group.toString();
    }

    private static String allocationOf(RunResult result) {
        Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
        if (allocation == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%10.1f B/op", allocation.getScore());
    }

    private static String ratiosOf(List<RunResult> loopys, RunResult rival) {
        StringBuilder ratios = new StringBuilder();
        for (RunResult loopy : loopys) {
            ratios.append(String.format(Locale.ROOT, "  %s %.2fx",
                    loopy.getParams().getParam(IMPL), ratioOf(loopy, rival)));
        }
        return ratios.toString();
    }

    private static double ratioOf(RunResult loopy, RunResult rival) {
        double loopyScore = loopy.getPrimaryResult().getScore();
        double rivalScore = rival.getPrimaryResult().getScore();
        String mode = rival.getParams().getMode().shortLabel();
        boolean lowerIsBetter = mode.equals("avgt") || mode.equals("sample") || mode.equals("ss");
        return lowerIsBetter ? rivalScore / loopyScore : loopyScore / rivalScore;
    }
}
