package org.rational4j.cli;

import picocli.CommandLine.Option;

/**
 * Options every command takes. ('rational4j --version' prints the tool's version; the rational
 * version A/B/C/D/N of a command is --rational-version, so that the two are never confused.)
 */
final class Common {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
