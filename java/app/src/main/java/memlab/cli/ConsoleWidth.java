package memlab.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import memlab.report.Tables;

/**
 * How wide the console is, for fitting the table: {@code COLUMNS} when the shell exports it, else
 * the terminal's own width from {@code stty size} when stdout is a terminal on a POSIX system, else
 * {@link Tables#DEFAULT_WIDTH}. Never below {@link #MIN_WIDTH}: narrower, lines wrap instead.
 */
final class ConsoleWidth {

    static final int MIN_WIDTH = 80;

    private ConsoleWidth() {
    }

    static int columns() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.strip().matches("\\d{1,5}")) {
            return Math.max(MIN_WIDTH, Integer.parseInt(env.strip()));
        }
        java.io.Console console = System.console();
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        if (console != null && console.isTerminal() && !windows) {
            int tty = sttyColumns();
            if (tty > 0) {
                return Math.max(MIN_WIDTH, tty);
            }
        }
        return Tables.DEFAULT_WIDTH;
    }

    /** "rows columns" from stty, reading the terminal itself; 0 when it cannot say. */
    private static int sttyColumns() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0 || !answer.matches("\\d+ \\d+")) {
                return 0;
            }
            return Integer.parseInt(answer.split(" ")[1]);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
