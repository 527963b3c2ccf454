package org.rational4j.cli;

import picocli.CommandLine.Option;

/** The options of commands that read checkpoints, for .safetensors inputs (eval, plot, train --init). */
final class SafetensorsInput {
    @Option(names = "--rational-version", paramLabel = "A|B|C|D|N", description = "Rational version of .safetensors inputs: "
            + "the format does not record it (KAT checkpoints are A); files written by rational4j record it in "
            + "their metadata, which is used when this is absent.")
    String version;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Module prefix of the rational in a "
            + ".safetensors file that holds several, e.g. layers.0.act (an ambiguous file lists them).")
    String prefix;

    Sources.SafetensorsOptions options() {
        return new Sources.SafetensorsOptions(Sources.parseVersionOption(version), prefix);
    }
}
