package org.rational4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rational4j.DType;
import org.rational4j.coefficients.Checkpoint;
import org.rational4j.coefficients.CheckpointFormatException;
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

    /** Reads a checkpoint: missing or unreadable files exit 3, malformed ones exit 2. */
    static Loaded readCheckpoint(Path p) {
        Checkpoint c;
        try {
            c = Checkpoint.read(p);
        } catch (CheckpointFormatException e) {
            throw CliException.usage("bad checkpoint " + e.getMessage()
                    + "; write checkpoints with 'rational4j fit' or Checkpoint.write");
        } catch (IOException e) {
            throw CliException.io("cannot read " + p + ": " + Files2.describe(e), e);
        } catch (RuntimeException e) {
            throw CliException.usage("bad checkpoint " + p + ": " + e.getMessage());
        }
        String label = c.name() != null ? c.name() : p.getFileName().toString();
        return new Loaded(label, c.coefficients(), c.target(), c.hasInterval() ? c.lower() : 0,
                c.hasInterval() ? c.upper() : 0);
    }

    /** A fit's result. */
    record FitOutcome(Coefficients coefficients, double maxError, double rmsError, int iterations, long millis) {
    }

    /** Fits {@code spec} to the target {@code target} on [lo, hi]. */
    static FitOutcome fit(String target, org.rational4j.RationalSpec spec, double lo, double hi, boolean minimax) {
        return InterimFitter.fit(Targets.byName(target), spec, lo, hi, minimax);
    }

    /** Writes a checkpoint atomically. */
    static void writeCheckpoint(Path path, Coefficients c, String target, double lo, double hi, boolean minimax,
            double maxError, double rmsError) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("fit", minimax ? "minimax" : "least squares");
        md.put("maxError", Double.toString(maxError));
        md.put("rmsError", Double.toString(rmsError));
        md.put("createdBy", "rational4j fit " + Main.version());
        Checkpoint ck = new Checkpoint(c, DType.F32, "fit/" + target + "/" + c.spec().version()
                + c.spec().numeratorDegree() + "_" + c.spec().denominatorDegree(), target, lo, hi, md);
        String json = ck.toJson();
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files2.writeAtomically(path, out -> out.write(bytes));
    }
}
