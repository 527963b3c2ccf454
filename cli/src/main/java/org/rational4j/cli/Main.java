package org.rational4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rational4j.internal.NativeLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code rational4j} command line: {@code info}, {@code fit}, {@code plot}, {@code train},
 * {@code eval}, {@code bench}, {@code demo}. Exit codes: see {@link ExitCode}. Errors are one line
 * on standard error ({@code --verbose} adds the stack trace).
 */
@Command(name = "rational4j", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Learnable rational activations R(x) = P(x)/Q(x) on the JVM: inspect, fit, plot, "
                + "train, evaluate and benchmark them.",
        subcommands = {InfoCommand.class, FitCommand.class, PlotCommand.class, TrainCommand.class,
            EvalCommand.class, BenchCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  runtime failure (a backend or computation failed)",
            "  2  bad usage or bad input (arguments, malformed checkpoint or .npy)",
            "  3  a file could not be read or written", "130  interrupted (Ctrl-C)"})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        // Before anything touches AWT: charts render off-screen.
        System.setProperty("java.awt.headless", "true");
        AtomicBoolean finished = new AtomicBoolean();
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                Cancellation.cancel();
                try {
                    mainThread.join(10_000); // let the command remove its temporary files
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "rational4j-ctrl-c"));
        quietLibraryLogs(args);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        finished.set(true);
        if (Cancellation.isCancelled()) {
            return; // the JVM is already shutting down (SIGINT); it exits with 130
        }
        System.exit(code);
    }

    /**
     * The library logs its backend choice through System.Logger (java.util.logging by default);
     * 'rational4j info' says the same more clearly, so those INFO lines are hidden unless --verbose.
     */
    private static void quietLibraryLogs(String[] args) {
        if (!verbose(args)) {
            LIBRARY_LOGGER.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** Held strongly: java.util.logging forgets the level of a logger that is garbage collected. */
    private static final java.util.logging.Logger LIBRARY_LOGGER = java.util.logging.Logger.getLogger("org.rational4j");

    /**
     * Runs one command line in this JVM with the given streams and returns its exit code. An
     * OutOfMemoryError, which picocli's handler does not see (it is not an Exception), is one line
     * and exit 1 too: inputs are checked against the heap before they are read, so this is the
     * fallback for what no check foresaw.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        try {
            return commandLine(out, err).execute(args);
        } catch (OutOfMemoryError e) {
            String command = args.length > 0 && !args[0].startsWith("-") ? " " + args[0] : "";
            err.println("rational4j" + command + ": out of memory (" + oneLine(e.getMessage()) + "); give the JVM "
                    + "more heap (RATIONAL4J_JAVA_OPTS=-Xmx...) or use smaller inputs");
            if (verbose(args)) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.FAILURE;
        }
    }

    /** The configured picocli command line (for tests and {@code demo}). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                Term.isTerminal() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler(Main::onParameterError);
        cl.setExecutionExceptionHandler(Main::onExecutionError);
        HelpLayout.install(cl);
        return cl;
    }

    private static int onParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String msg = ex.getMessage();
        if (msg != null && msg.endsWith(".")) {
            msg = msg.substring(0, msg.length() - 1);
        }
        cmd.getErr().println(name + ": " + oneLine(msg) + "; see '" + name + " --help'");
        if (verbose(args)) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    private static int onExecutionError(Exception ex, CommandLine cmd, ParseResult parseResult) {
        String name = cmd.getCommandSpec().qualifiedName();
        int code;
        String msg;
        Throwable root = ex;
        if (ex instanceof CliException) {
            code = ((CliException) ex).exitCode();
            msg = ex.getMessage();
        } else if (Cancellation.isCancelled() || ex instanceof InterruptedException) {
            code = ExitCode.INTERRUPTED;
            msg = "interrupted; unfinished outputs were not written";
        } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            code = ExitCode.IO;
            IOException io = ex instanceof IOException ? (IOException) ex : ((UncheckedIOException) ex).getCause();
            msg = "I/O error: " + Files2.describe(io);
        } else if (ex.getClass().getSimpleName().equals("CheckpointFormatException")) {
            code = ExitCode.USAGE;
            msg = "bad checkpoint: " + ex.getMessage();
        } else if (ex instanceof IllegalArgumentException) {
            code = ExitCode.USAGE;
            msg = ex.getMessage();
        } else if (ex instanceof NativeLibrary.LoadError) {
            code = ExitCode.USAGE;
            msg = "cannot use the native library: " + ex.getMessage() + "; fix -D" + NativeLibrary.PATH_PROPERTY
                    + " or leave it out to use the bundled library";
        } else if (ex.getClass().getSimpleName().equals("BackendUnavailableException")) {
            code = ExitCode.FAILURE;
            msg = ex.getMessage() + "; 'rational4j info' lists the backends that work here";
        } else {
            code = ExitCode.FAILURE;
            msg = "unexpected error: " + ex + (verbose(parseResult) ? "" : " (run with --verbose for details)");
        }
        cmd.getErr().println(name + ": " + oneLine(msg));
        if (verbose(parseResult)) {
            root.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return code;
    }

    static String oneLine(String msg) {
        if (msg == null) {
            return "failed";
        }
        return msg.replace("\r", " ").replace('\n', ' ').trim();
    }

    private static boolean verbose(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) {
                return true;
            }
        }
        return false;
    }

    private static volatile boolean backendsSurveyed;

    /**
     * Surveys the backends once before any activation is built. (Works around a nested
     * computeIfAbsent in Backends.auto() that fails with "Recursive update" when 'auto' is the first
     * backend asked for.)
     */
    static void initBackends() {
        if (!backendsSurveyed) {
            org.rational4j.internal.Backends.survey();
            backendsSurveyed = true;
        }
    }

    /** The library version from the jar manifest, or "development build". */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rational4j " + version(), "JVM " + System.getProperty("java.vm.name") + " "
                    + Runtime.version() + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
        }
    }
}
