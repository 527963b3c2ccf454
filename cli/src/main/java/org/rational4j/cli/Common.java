package org.rational4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command takes. ('rational4j --version' prints the tool's version; the rational
 * version A/B/C/D/N of a command is --rational-version, so that the two are never confused.)
 */
final class Common {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    /**
     * The model of the command this is mixed into (not of the mixin), so that no command declares
     * its own spec only to reach its output.
     */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The command's parsed command line. */
    CommandLine commandLine() {
        return spec.commandLine();
    }

    /** Where the command writes its results. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
