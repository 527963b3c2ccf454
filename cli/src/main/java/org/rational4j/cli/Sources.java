package org.rational4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleUnaryOperator;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Version;
import org.rational4j.coefficients.Builtin;
import org.rational4j.coefficients.Builtins;
import org.rational4j.coefficients.Checkpoint;
import org.rational4j.coefficients.CheckpointFormatException;
import org.rational4j.coefficients.FitMode;
import org.rational4j.coefficients.FitRequest;
import org.rational4j.coefficients.FitResult;
import org.rational4j.coefficients.Fitter;
import org.rational4j.coefficients.Safetensors;
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

    /** How to read a .safetensors input: the rational version (null: from the file's metadata) and the
     * module prefix (null: the only pair of coefficient tensors in the file). */
    record SafetensorsOptions(Version version, String prefix) {
        static final SafetensorsOptions NONE = new SafetensorsOptions(null, null);

        boolean given() {
            return version != null || prefix != null;
        }
    }

    /**
     * A checkpoint file (when {@code nameOrPath} names an existing file or ends in .json/.safetensors)
     * or a built-in.
     */
    static Loaded load(String nameOrPath) {
        return load(nameOrPath, SafetensorsOptions.NONE);
    }

    /** As {@link #load(String)}; safetensors files are read with {@code st}. */
    static Loaded load(String nameOrPath, SafetensorsOptions st) {
        Path p = Path.of(nameOrPath);
        if (Files.exists(p) || looksLikeFile(nameOrPath)) {
            return readFile(p, st);
        }
        Builtin b = builtin(nameOrPath, "activation");
        return new Loaded(b.name(), b.coefficients(), b.target(), b.lower(), b.upper());
    }

    /** What a coefficient file holds, judged by its first bytes (by its name when it cannot be read). */
    enum FileKind { CHECKPOINT, SAFETENSORS, NPY, OTHER }

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * The kind of {@code p}: a NumPy array starts with "\x93NUMPY"; a checkpoint is JSON and starts
     * with '{'; a safetensors file starts with the 8-byte length of its JSON header, which starts with
     * '{'. A file too short to tell counts as safetensors when so named (its reader then says it is
     * truncated); a missing or unreadable one is read as its name says, a checkpoint unless it ends in
     * .safetensors (its reader then reports the I/O error).
     */
    static FileKind kind(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean namedSafetensors = name.endsWith(".safetensors");
        byte[] head = new byte[64];
        int n = 0;
        try (java.io.InputStream in = Files.newInputStream(p)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0;) {
                n += r;
            }
        } catch (IOException e) {
            return namedSafetensors ? FileKind.SAFETENSORS : FileKind.CHECKPOINT;
        }
        if (n >= NPY_MAGIC.length && java.util.Arrays.equals(head, 0, NPY_MAGIC.length, NPY_MAGIC, 0, NPY_MAGIC.length)) {
            return FileKind.NPY;
        }
        int i = 0;
        while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
            i++;
        }
        if (i < n && head[i] == '{') {
            return FileKind.CHECKPOINT;
        }
        if (n > 8 ? head[8] == '{' : namedSafetensors) {
            return FileKind.SAFETENSORS;
        }
        return FileKind.OTHER;
    }

    /** Whether {@code p} is read as safetensors (see {@link #kind}). */
    static boolean isSafetensors(Path p) {
        return kind(p) == FileKind.SAFETENSORS;
    }

    /** Reads a coefficient file of any kind; an array or an unknown file is a usage error that says what was expected. */
    static Loaded readFile(Path p, SafetensorsOptions st) {
        switch (kind(p)) {
            case SAFETENSORS:
                return readSafetensors(p, st);
            case CHECKPOINT:
                return readCheckpoint(p);
            case NPY:
                throw CliException.usage(p + " is a NumPy array (.npy), not coefficients; expected a rational4j "
                        + "checkpoint (.json), a .safetensors file or a built-in name (input arrays go to eval -i)");
            default:
                throw CliException.usage(p + " is neither a rational4j checkpoint (JSON, starting with '{') nor a "
                        + "safetensors file (an 8-byte header length, then a JSON header); expected one of those "
                        + "or a built-in name");
        }
    }

    /**
     * Imports one rational activation from a safetensors file. The version is {@code st.version()},
     * else the {@code rational4j.version} the file's metadata records (files written by rational4j),
     * else a usage error; several activations in the file without {@code st.prefix()} is a usage
     * error that lists the prefixes. Missing or unreadable files exit 3, malformed ones exit 2.
     */
    static Loaded readSafetensors(Path p, SafetensorsOptions st) {
        try {
            Safetensors.Header h = Safetensors.readHeader(p);
            List<Safetensors.Candidate> all = Safetensors.candidates(h);
            if (all.isEmpty()) {
                throw CliException.usage(p + " holds no rational coefficients ('[prefix]numerator' and "
                        + "'[prefix]denominator', or '[prefix]weight_numerator' and '[prefix]weight_denominator'); "
                        + "its tensors: " + Safetensors.describe(h));
            }
            if (st.prefix() == null && all.size() > 1) {
                throw CliException.usage(p + " holds " + all.size() + " rational activations; choose one with "
                        + "--prefix: " + prefixes(all));
            }
            Version v = st.version();
            if (v == null) {
                String recorded = h.metadata().get("rational4j.version");
                if (recorded == null) {
                    throw CliException.usage(p + ": a safetensors file does not record the rational version; "
                            + "give --rational-version A|B|C|D|N (KAT checkpoints are A)");
                }
                try {
                    v = Version.parse(recorded);
                } catch (IllegalArgumentException e) {
                    throw CliException.usage(p + ": its metadata records an unknown rational4j.version '" + recorded
                            + "'; give --rational-version A|B|C|D|N");
                }
            }
            Checkpoint c = Safetensors.importCoefficients(p, v, st.prefix());
            String file = p.getFileName().toString();
            String label = c.name() != null ? file + ":" + c.name() : file;
            return new Loaded(label, c.coefficients(), null, 0, 0);
        } catch (CheckpointFormatException e) {
            throw CliException.usage("bad safetensors input " + e.getMessage());
        } catch (IOException e) {
            throw CliException.io("cannot read " + p + ": " + Files2.describe(e), e);
        }
    }

    private static String prefixes(List<Safetensors.Candidate> all) {
        StringBuilder sb = new StringBuilder();
        for (Safetensors.Candidate c : all) {
            String pre = c.prefix().endsWith(".") ? c.prefix().substring(0, c.prefix().length() - 1) : c.prefix();
            sb.append(sb.length() == 0 ? "" : ", ").append(pre.isEmpty() ? "'' (no prefix)" : pre)
                    .append(" (").append(c.layout() == Safetensors.Layout.KAT ? "KAT" : "PAU").append(')');
        }
        return sb.toString();
    }

    /**
     * Whether {@code arg} names a target function of 'fit' (gelu, tanh, ...) rather than a file or a
     * built-in: no such file exists and no built-in has that name.
     */
    static boolean isFunctionName(String arg) {
        if (!Targets.contains(arg) || Files.exists(Path.of(arg)) || looksLikeFile(arg)) {
            return false;
        }
        try {
            Builtins.get(arg);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    static boolean looksLikeFile(String s) {
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

    /** The activation the train demo starts from: a checkpoint file, a built-in, or the library default. */
    static Loaded initialActivation(String nameOrPath, SafetensorsOptions st) {
        if (nameOrPath == null) {
            Builtin b = Builtins.defaultActivation();
            return new Loaded(b.name(), b.coefficients(), b.target(), b.lower(), b.upper());
        }
        Path p = Path.of(nameOrPath);
        if (Files.exists(p) || looksLikeFile(nameOrPath)) {
            return readFile(p, st);
        }
        Builtin b = builtin(nameOrPath, "--init");
        return new Loaded(b.name(), b.coefficients(), b.target(), b.lower(), b.upper());
    }

    /** --rational-version/--prefix given although no input is a .safetensors file: a usage error. */
    static void checkSafetensorsOptionsUsed(SafetensorsOptions st, boolean anySafetensors) {
        if (st.given() && !anySafetensors) {
            throw CliException.usage((st.version() != null ? "--rational-version" : "--prefix")
                    + " applies to .safetensors inputs only (checkpoints and built-ins record their version)");
        }
    }

    /** The --rational-version option of eval, plot and train (null when absent). */
    static Version parseVersionOption(String text) {
        return text == null ? null : FitCommand.parseVersion(text);
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

    /** The request {@link #fit} runs: the library's defaults (100,000 points, seed 0, 4 restarts). */
    static FitRequest fitRequest(String target, RationalSpec spec, double lo, double hi, boolean minimax) {
        return FitRequest.builder(target, spec).interval(lo, hi)
                .mode(minimax ? FitMode.MINIMAX : FitMode.LEAST_SQUARES).build();
    }

    /**
     * Runs {@link Fitter#fit} on a daemon thread and waits for it, checking for Ctrl-C every 100 ms:
     * the fitter has no progress or cancellation hook, so on Ctrl-C the command stops waiting at once
     * (nothing has been written yet) and the abandoned fit ends with the JVM.
     */
    static FitResult fit(FitRequest request) {
        CompletableFuture<FitResult> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(Fitter.fit(request));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "rational4j-fit");
        t.setDaemon(true);
        t.start();
        while (true) {
            Cancellation.check();
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll Ctrl-C again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Cancellation.check();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                if (c instanceof Error) {
                    throw (Error) c;
                }
                throw new IllegalStateException(c);
            }
        }
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
