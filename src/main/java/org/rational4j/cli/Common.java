package org.rational4j.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class Common {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
