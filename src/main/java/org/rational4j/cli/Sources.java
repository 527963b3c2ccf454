package org.rational4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import org.rational4j.Coefficients;
import org.rational4j.coefficients.Builtin;
import org.rational4j.coefficients.Builtins;
import org.rational4j.coefficients.Targets;

/** Where activations and targets come from: checkpoint files, built-ins, target names. */
final class Sources {
    private Sources() {
    }

    /** An activation to evaluate or draw, with the interval and target it was made for (if known). */
    record Loaded(String label, Coefficients coefficients, String target, double lower, double upper) {
        boolean hasInterval() {
            return lower < upper;
        }
    }

    /**
     * A checkpoint file (when {@code nameOrPath} names an existing file or ends in .json/.safetensors)
     * or a built-in.
     */
    static Loaded load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.exists(p) || looksLikeFile(nameOrPath)) {
            return readCheckpoint(p);
        }
        Builtin b = builtin(nameOrPath, "activation");
        return new Loaded(b.name(), b.coefficients(), b.target(), b.lower(), b.upper());
    }

    private static boolean looksLikeFile(String s) {
        return s.endsWith(".json") || s.endsWith(".safetensors") || s.endsWith(".npy");
    }

    /** A built-in by name; unknown names are a usage error listing close names. */
    static Builtin builtin(String name, String what) {
        try {
            return Builtins.get(name);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(what + " '" + name + "' is neither a file nor a built-in: " + e.getMessage()
                    + "; 'rational4j plot --list' shows them");
        }
    }

    /** The activation the train demo starts from: a built-in, or the library default. */
    static Builtin initialActivation(String name) {
        return name == null ? Builtins.defaultActivation() : builtin(name, "--init");
    }

    /** A target function: a {@link Targets} name, or a built-in's target. */
    static DoubleUnaryOperator target(String name) {
        if (Targets.contains(name)) {
            return Targets.byName(name);
        }
        throw CliException.usage("unknown function '" + name + "'; use a target (" + String.join(", ",
                Targets.names()) + ") or a built-in name");
    }

    static Loaded readCheckpoint(Path p) {
        throw CliException.usage("checkpoint files are not supported yet: " + p);
    }

    /** A fit's result. */
    record FitOutcome(Coefficients coefficients, double maxError, double rmsError, int iterations, long millis) {
    }

    /** Fits {@code spec} to the target {@code target} on [lo, hi]. */
    static FitOutcome fit(String target, org.rational4j.RationalSpec spec, double lo, double hi, boolean minimax) {
        throw new CliException(ExitCode.FAILURE, "fitting is not available in this build yet");
    }

    /** Writes a checkpoint atomically. */
    static void writeCheckpoint(Path path, Coefficients c, String target, double lo, double hi, boolean minimax,
            double maxError, double rmsError) {
        throw new CliException(ExitCode.FAILURE, "checkpoints are not available in this build yet");
    }
}
