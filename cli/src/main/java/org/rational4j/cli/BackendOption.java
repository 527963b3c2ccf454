package org.rational4j.cli;

import picocli.CommandLine.Option;

/** The backend of the commands that run rational activations on the user's data (eval, train). */
final class BackendOption {
    @Option(names = "--backend", paramLabel = "NAME", description = "Backend of the rational activations: auto, "
            + "ffm, jna, vector or scalar (default: ${DEFAULT-VALUE}).")
    String name = "auto";
}
