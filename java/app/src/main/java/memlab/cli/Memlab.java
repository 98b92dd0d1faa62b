package memlab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import memlab.report.ConsoleText;
import memlab.util.UsageException;

/**
 * memlab's command line: {@code list}, {@code run}, {@code all}. Bad input ends in one line on
 * stderr and exit code 2, before anything is allocated; an internal error in exit code 1.
 */
@Command(name = "memlab", mixinStandardHelpOptions = true, versionProvider = Memlab.Version.class,
        description = {"Native C interop memory lab for the JVM: each lab runs one memory experiment",
                "on the GC-managed heap (heap), through FFM (ffm) and through JNR-FFI (jnr), side by side."},
        subcommands = {ListCommand.class, RunCommand.class, AllCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 2 bad input or unusable environment, 1 internal error."})
public final class Memlab implements Runnable {

    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs memlab and returns its exit code; tests call this instead of main. While it runs, System.out
     * and System.err fit their text to the console's charset: plain ASCII where it has no em dash, never '?'.
     */
    public static int execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(ConsoleText.fitting(out));
        System.setErr(ConsoleText.fitting(err));
        try {
            return commandLine().execute(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Memlab());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli would encode help and errors itself, in UTF-8 whatever the console takes
        cl.setOut(writerTo(System.out));
        cl.setErr(writerTo(System.err));
        cl.setParameterExceptionHandler((ex, args) -> {
            String command = ex.getCommandLine().getCommandName();
            String help = command.equals("memlab") ? "memlab --help" : "memlab " + command + " --help";
            return fail(ex.getCommandLine().getErr(), asTyped(ex, args) + " (see '" + help + "')", EXIT_USAGE);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                return fail(commandLine.getErr(), ex.getMessage(), EXIT_USAGE);
            }
            if (Boolean.getBoolean("memlab.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return fail(commandLine.getErr(), "internal error: " + ex
                    + " (rerun with -Dmemlab.debug=true for the stack trace, and report it)", EXIT_INTERNAL);
        });
        return cl;
    }

    /**
     * The error as picocli words it, but naming each option as the user typed it: picocli names an
     * option by its longest name, so a bad "--count abc" would be reported as "--iterations".
     */
    static String asTyped(ParameterException ex, String[] args) {
        String message = ex.getMessage().strip();
        for (OptionSpec option : ex.getCommandLine().getCommandSpec().options()) {
            String named = "option '" + option.longestName() + "'";
            if (option.names().length > 1 && message.contains(named)) {
                String value = ex.getArgSpec() == option ? ex.getValue() : null;
                message = message.replace(named, "option '" + typedName(option, value, args) + "'");
            }
        }
        return message;
    }

    /** The name {@code option} has in {@code args}: where it was given {@code value}, else where it was last. */
    private static String typedName(OptionSpec option, String value, String[] args) {
        String typed = option.names()[0]; // the primary name, when args do not show it (an @file)
        for (int i = 0; i < args.length; i++) {
            for (String name : option.names()) {
                boolean separate = args[i].equals(name);
                if (!separate && !args[i].startsWith(name + "=")) {
                    continue;
                }
                String given = separate ? (i + 1 < args.length ? args[i + 1] : null) : args[i].substring(name.length() + 1);
                if (value != null && value.equals(given)) {
                    return name; // the one that failed to convert
                }
                typed = name; // a missing value: picocli ran out of arguments at the last one
            }
        }
        return typed;
    }

    /** A PrintWriter that prints through {@code stream}'s text methods, so that it fits the text. */
    private static PrintWriter writerTo(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] text, int offset, int length) {
                stream.print(new String(text, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("memlab: " + message.replace('\n', ' '));
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Memlab.class.getPackage().getImplementationVersion();
            return new String[] {"memlab " + (version != null ? version : "(development build)"),
                    "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")};
        }
    }
}
