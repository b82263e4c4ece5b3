package dev.loopy.cli;

/**
 * The entry point of the {@code loopy} command.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(LoopyCommand.execute(args));
    }
}
