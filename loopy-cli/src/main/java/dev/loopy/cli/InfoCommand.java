package dev.loopy.cli;

import dev.loopy.BackendReport;
import dev.loopy.Loop;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code loopy info}: which backends this machine offers, and why any is refused.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print each backend's availability, the default, the kernel and the io_uring features.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BackendReport report = Loop.backendReport();
        for (BackendReport.Entry entry : report.entries()) {
            out.println(entry.line());
        }
        out.println("default: " + report.defaultBackend().label());
        out.println("kernel: " + report.kernel());
        out.println("io_uring features: " + (report.ioUringFeatures().isEmpty()
                ? "none" : String.join(" ", report.ioUringFeatures())));
        out.flush();
        return 0;
    }
}
