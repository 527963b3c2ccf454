package org.rational4j.cli;

import picocli.CommandLine.Option;

/**
 * Options every command takes. (Not picocli's standard help mixin: its -V/--version would clash
 * with --version, the rational version A/B/C/N; 'rational4j --version' prints the tool's version.)
 */
final class Common {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
