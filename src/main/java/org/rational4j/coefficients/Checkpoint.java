package org.rational4j.coefficients;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.SignAtZero;
import org.rational4j.internal.AtomicFiles;
import org.rational4j.Version;

/**
 * A rational4j checkpoint: coefficients with their spec, the dtype they are used in, and optional
 * name, target function, fit interval and string metadata. Stored as JSON (docs/coefficients.md):
 *
 * <pre>
 * {
 *   "format": "rational4j-checkpoint",
 *   "formatVersion": 1,
 *   "name": "pau/A5_4/leaky_relu",            (optional)
 *   "version": "A",
 *   "degrees": [5, 4],
 *   "signAtZero": "+1",                        ("+1" or "0")
 *   "numeratorGroups": 1,
 *   "denominatorGroups": 1,
 *   "dtype": "F32",                            (F32, F64, BF16, F16)
 *   "numerator": [[a0, ..., am], ...],         (numeratorGroups lists of m + 1)
 *   "denominator": [[b0, ...], ...],           (denominatorGroups lists of n, version C n + 1)
 *   "target": "leaky_relu",                    (optional)
 *   "interval": [-3.0, 3.0],                   (optional)
 *   "metadata": {"key": "value"}               (optional, string values)
 * }
 * </pre>
 *
 * Doubles are written with Java's {@link Double#toString(double)}, which reads back to the same bits.
 *
 * @param lower lower end of the interval, NaN when there is none
 * @param upper upper end of the interval, NaN when there is none
 * @param name  may be null
 * @param target may be null
 */
public record Checkpoint(Coefficients coefficients, DType dtype, String name, String target, double lower,
        double upper, Map<String, String> metadata) {

    public static final String FORMAT = "rational4j-checkpoint";
    public static final int FORMAT_VERSION = 1;

    public Checkpoint {
        Objects.requireNonNull(coefficients, "coefficients");
        Objects.requireNonNull(dtype, "dtype");
        checkFinite(coefficients);
        if (Double.isNaN(lower) != Double.isNaN(upper)) {
            throw new IllegalArgumentException("interval: give both ends or neither");
        }
        if (!Double.isNaN(lower) && !(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
            throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] is not a finite non-empty interval");
        }
        Map<String, String> md = new LinkedHashMap<>();
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                md.put(Objects.requireNonNull(e.getKey(), "metadata key"),
                        Objects.requireNonNull(e.getValue(), "metadata value"));
            }
        }
        metadata = Collections.unmodifiableMap(md);
    }

    /** A checkpoint of just coefficients and a dtype. */
    public static Checkpoint of(Coefficients coefficients, DType dtype) {
        return new Checkpoint(coefficients, dtype, null, null, Double.NaN, Double.NaN, Map.of());
    }

    /** A checkpoint of a built-in (name, target, interval; dtype F32). */
    public static Checkpoint of(Builtin b) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("source", b.source());
        if (!b.note().isEmpty()) {
            md.put("note", b.note());
        }
        return new Checkpoint(b.coefficients(), DType.F32, b.name(), b.target(), b.lower(), b.upper(), md);
    }

    /** True when the checkpoint has a fit interval. */
    public boolean hasInterval() {
        return !Double.isNaN(lower);
    }

    public Checkpoint withName(String newName) {
        return new Checkpoint(coefficients, dtype, newName, target, lower, upper, metadata);
    }

    public Checkpoint withTarget(String newTarget, double newLower, double newUpper) {
        return new Checkpoint(coefficients, dtype, name, newTarget, newLower, newUpper, metadata);
    }

    public Checkpoint withMetadata(Map<String, String> newMetadata) {
        return new Checkpoint(coefficients, dtype, name, target, lower, upper, newMetadata);
    }

    static void checkFinite(Coefficients c) {
        for (double v : c.numerator()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("numerator coefficient " + v + " is not finite");
            }
        }
        for (double v : c.denominator()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("denominator coefficient " + v + " is not finite");
            }
        }
    }

    /** Writes {@code coefficients} with {@code dtype} to {@code file}. */
    public static void write(Path file, Coefficients coefficients, DType dtype) throws IOException {
        of(coefficients, dtype).write(file);
    }

    /**
     * Writes this checkpoint to {@code file}: whole or not at all, with the permissions of any file
     * the user writes ({@link AtomicFiles}).
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON text of this checkpoint (one coefficient group per line). */
    public String toJson() {
        RationalSpec s = coefficients.spec();
        StringBuilder b = new StringBuilder("{\n");
        field(b, "format", str(FORMAT));
        field(b, "formatVersion", String.valueOf(FORMAT_VERSION));
        if (name != null) {
            field(b, "name", str(name));
        }
        field(b, "version", str(s.version().name()));
        field(b, "degrees", "[" + s.numeratorDegree() + ", " + s.denominatorDegree() + "]");
        field(b, "signAtZero", str(s.signAtZero() == SignAtZero.PLUS_ONE ? "+1" : "0"));
        field(b, "numeratorGroups", String.valueOf(s.numeratorGroups()));
        field(b, "denominatorGroups", String.valueOf(s.denominatorGroups()));
        field(b, "dtype", str(dtype.name()));
        field(b, "numerator", groups(coefficients, true));
        field(b, "denominator", groups(coefficients, false));
        if (target != null) {
            field(b, "target", str(target));
        }
        if (hasInterval()) {
            field(b, "interval", "[" + lower + ", " + upper + "]");
        }
        if (!metadata.isEmpty()) {
            StringBuilder m = new StringBuilder("{");
            String sep = "\n";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                m.append(sep).append("    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
                sep = ",\n";
            }
            field(b, "metadata", m.append("\n  }").toString());
        }
        b.setLength(b.length() - 2); // the last ",\n"
        return b.append("\n}\n").toString();
    }

    private static void field(StringBuilder b, String key, String json) {
        b.append("  ").append(str(key)).append(": ").append(json).append(",\n");
    }

    private static String str(String s) {
        return new JsonPrimitive(s).toString();
    }

    private static String groups(Coefficients c, boolean numerator) {
        int groups = numerator ? c.spec().numeratorGroups() : c.spec().denominatorGroups();
        StringBuilder b = new StringBuilder("[");
        for (int g = 0; g < groups; g++) {
            double[] v = numerator ? c.numerator(g) : c.denominator(g);
            b.append(g == 0 ? "\n    [" : ",\n    [");
            for (int i = 0; i < v.length; i++) {
                b.append(i == 0 ? "" : ", ").append(Double.toString(v[i]));
            }
            b.append("]");
        }
        return b.append("\n  ]").toString();
    }

    /** Largest checkpoint file read: 64 MiB (millions of coefficients); larger inputs are refused. */
    public static final long MAX_BYTES = 64L << 20;

    /**
     * Reads a checkpoint file: strict JSON (no duplicate names, numbers as numbers, UTF-8), at most
     * {@link #MAX_BYTES}. @throws CheckpointFormatException naming the file and the problem
     */
    public static Checkpoint read(Path file) throws IOException {
        return fromTree(StrictJson.read(file, MAX_BYTES), file.toString());
    }

    /** Parses checkpoint JSON; {@code source} names it in errors. */
    public static Checkpoint fromJson(String json, String source) throws CheckpointFormatException {
        return fromTree(StrictJson.parse(json, source), source);
    }

    private static Checkpoint fromTree(JsonElement root, String source) throws CheckpointFormatException {
        if (!root.isJsonObject()) {
            throw new CheckpointFormatException(source, "a checkpoint must be a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        String format = string(o, "format", source, true);
        if (!FORMAT.equals(format)) {
            throw new CheckpointFormatException(source, "\"format\" is '" + format + "', expected '" + FORMAT
                    + "' (for rational_activations tables use ReferenceTables, for PyTorch weights Safetensors)");
        }
        int fv = integer(o, "formatVersion", source);
        if (fv != FORMAT_VERSION) {
            throw new CheckpointFormatException(source, "formatVersion " + fv + " is not supported (this reader knows "
                    + FORMAT_VERSION + (fv > FORMAT_VERSION ? "; the file is from a newer rational4j)" : ")"));
        }
        Version version;
        String vs = string(o, "version", source, true);
        try {
            version = Version.parse(vs);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source, "\"version\": " + e.getMessage());
        }
        JsonElement deg = o.get("degrees");
        if (deg == null || !deg.isJsonArray() || deg.getAsJsonArray().size() != 2) {
            throw new CheckpointFormatException(source, "\"degrees\" must be [numeratorDegree, denominatorDegree]");
        }
        int m = asInt(deg.getAsJsonArray().get(0), "degrees[0]", source);
        int n = asInt(deg.getAsJsonArray().get(1), "degrees[1]", source);
        String sz = string(o, "signAtZero", source, false);
        SignAtZero sign;
        if (sz == null || sz.equals("+1") || sz.equals("1") || sz.equalsIgnoreCase("PLUS_ONE")) {
            sign = SignAtZero.PLUS_ONE;
        } else if (sz.equals("0") || sz.equalsIgnoreCase("ZERO")) {
            sign = SignAtZero.ZERO;
        } else {
            throw new CheckpointFormatException(source, "\"signAtZero\" must be \"+1\" or \"0\", got '" + sz + "'");
        }
        int ng = o.has("numeratorGroups") ? integer(o, "numeratorGroups", source) : 1;
        int dg = o.has("denominatorGroups") ? integer(o, "denominatorGroups", source) : 1;
        RationalSpec spec;
        try {
            spec = RationalSpec.of(version, m, n).withSignAtZero(sign).withGroups(ng, dg);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source, e.getMessage());
        }
        DType dtype;
        String ds = string(o, "dtype", source, false);
        if (ds == null) {
            dtype = DType.F32;
        } else {
            try {
                dtype = DType.valueOf(ds.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(source, "\"dtype\" '" + ds + "' is not one of F32, F64, BF16, F16");
            }
        }
        double[] num = matrix(o, "numerator", ng, spec.numeratorLength(), source);
        double[] den = matrix(o, "denominator", dg, spec.denominatorLength(), source);
        String name = string(o, "name", source, false);
        String target = string(o, "target", source, false);
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (o.has("interval") && !o.get("interval").isJsonNull()) {
            JsonElement iv = o.get("interval");
            if (!iv.isJsonArray() || iv.getAsJsonArray().size() != 2) {
                throw new CheckpointFormatException(source, "\"interval\" must be [lower, upper]");
            }
            lo = ReferenceTables.number(source, "interval", iv.getAsJsonArray().get(0), "lower");
            hi = ReferenceTables.number(source, "interval", iv.getAsJsonArray().get(1), "upper");
            if (!(lo < hi)) {
                throw new CheckpointFormatException(source, "\"interval\" [" + lo + ", " + hi + "] is empty");
            }
        }
        Map<String, String> md = new LinkedHashMap<>();
        if (o.has("metadata") && !o.get("metadata").isJsonNull()) {
            if (!o.get("metadata").isJsonObject()) {
                throw new CheckpointFormatException(source, "\"metadata\" must be an object");
            }
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metadata").entrySet()) {
                JsonElement v = e.getValue();
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                    throw new CheckpointFormatException(source, "\"metadata\".\"" + e.getKey()
                            + "\" must be a string, got " + v);
                }
                md.put(e.getKey(), v.getAsString());
            }
        }
        return new Checkpoint(Coefficients.of(spec, num, den), dtype, name, target, lo, hi, md);
    }

    private static double[] matrix(JsonObject o, String key, int groups, int len, String source)
            throws CheckpointFormatException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new CheckpointFormatException(source, "\"" + key + "\" missing or not an array of groups");
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() != groups) {
            throw new CheckpointFormatException(source, "\"" + key + "\" has " + a.size() + " groups, the spec says "
                    + groups);
        }
        double[] out = new double[groups * len];
        for (int g = 0; g < groups; g++) {
            JsonElement row = a.get(g);
            if (!row.isJsonArray() || row.getAsJsonArray().size() != len) {
                throw new CheckpointFormatException(source, "\"" + key + "\"[" + g + "] must be a list of " + len
                        + " numbers, got " + (row.isJsonArray() ? row.getAsJsonArray().size() + " entries" : row));
            }
            for (int i = 0; i < len; i++) {
                out[g * len + i] = ReferenceTables.number(source, key, row.getAsJsonArray().get(i),
                        key + "[" + g + "][" + i + "]");
            }
        }
        return out;
    }

    private static String string(JsonObject o, String key, String source, boolean required)
            throws CheckpointFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new CheckpointFormatException(source, "\"" + key + "\" is missing");
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new CheckpointFormatException(source, "\"" + key + "\" must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key, String source) throws CheckpointFormatException {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new CheckpointFormatException(source, "\"" + key + "\" is missing");
        }
        return asInt(e, key, source);
    }

    private static int asInt(JsonElement e, String what, String source) throws CheckpointFormatException {
        if (StrictJson.isNumber(e)) {
            double d = e.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) < 1e9) {
                return (int) d;
            }
        }
        throw new CheckpointFormatException(source, "\"" + what + "\" must be an integer, got " + e);
    }

    /** Writes the JSON to a writer (for tools that stream). */
    public void writeTo(Writer out) throws IOException {
        out.write(toJson());
    }
}
