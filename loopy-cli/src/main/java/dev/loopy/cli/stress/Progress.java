package dev.loopy.cli.stress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line of a run: rewritten in place on a terminal, printed now and then
 * otherwise.
 *
 * <p>Used by the runner's thread only.
 */
public final class Progress {
    /** How progress is shown. */
    public enum Mode {
        /** Chooses {@link #TERMINAL} when standard output is a terminal, else {@link #PLAIN}. */
        AUTO,
        /** One line, rewritten with a carriage return four times a second. */
        TERMINAL,
        /** A plain line every five seconds, for logs and pipes. */
        PLAIN,
        /** Nothing until the report. */
        NONE;

        /**
         * Finds a mode by its lower-case name.
         *
         * @param name {@code auto}, {@code terminal}, {@code plain} or {@code none}
         * @return the mode
         * @throws IllegalArgumentException if no mode has that name
         */
        public static Mode fromLabel(String name) {
            for (Mode mode : values()) {
                if (mode.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("progress=" + name
                    + " (expected auto, terminal, plain or none)");
        }

        Mode resolve() {
            if (this != AUTO) {
                return this;
            }
            java.io.Console console = System.console();
            return console != null && console.isTerminal() ? TERMINAL : PLAIN;
        }
    }

    private static final long TERMINAL_INTERVAL_MS = 250;
    private static final long PLAIN_INTERVAL_MS = 5_000;

    private final PrintWriter out;
    private final Mode mode;
    private int shownWidth;

    /**
     * Creates the progress display.
     *
     * @param out where to print
     * @param mode how; {@link Mode#AUTO} is resolved now
     */
    public Progress(PrintWriter out, Mode mode) {
        this.out = out;
        this.mode = mode.resolve();
    }

    /**
     * Returns how often the runner should call {@link #show}.
     *
     * @return the interval in ms
     */
    public long intervalMs() {
        return mode == Mode.TERMINAL ? TERMINAL_INTERVAL_MS : PLAIN_INTERVAL_MS;
    }

    /**
     * Shows the current line.
     *
     * @param line the line, without a line break
     */
    public void show(String line) {
        if (mode == Mode.TERMINAL) {
            String padding = " ".repeat(Math.max(0, shownWidth - line.length()));
            out.print("\r" + line + padding);
            shownWidth = line.length();
        } else if (mode == Mode.PLAIN) {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the line in place, so the report starts on a line of its own. */
    public void finish() {
        if (mode == Mode.TERMINAL && shownWidth > 0) {
            out.println();
            out.flush();
            shownWidth = 0;
        }
    }
}
