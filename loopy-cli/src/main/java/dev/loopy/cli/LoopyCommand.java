package dev.loopy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code loopy} command and its subcommands.
 */
@Command(name = "loopy", mixinStandardHelpOptions = true, version = "loopy 0.1.0",
        description = "An event loop for the JVM on io_uring, epoll and java.nio.",
        subcommands = {InfoCommand.class, DemoCommand.class})
public final class LoopyCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Parses and runs a command line.
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int execute(String... args) {
        return new CommandLine(new LoopyCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
