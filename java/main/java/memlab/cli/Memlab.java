package memlab.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs memlab and returns its exit code; tests call this instead of main. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Memlab());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            String command = ex.getCommandLine().getCommandName();
            String help = command.equals("memlab") ? "memlab --help" : "memlab " + command + " --help";
            return fail(ex.getCommandLine().getErr(), ex.getMessage().strip() + " (see '" + help + "')",
                    EXIT_USAGE);
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
