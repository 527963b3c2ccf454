package org.rational4j.coefficients;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;
import org.rational4j.Version;

/**
 * Reader of the reference libraries' JSON initialisation tables: {@code rational_activations}'
 * {@code rationals_config.json} (keys {@code Rational_version_{V}{m}/{n}} -> function -> entry) and
 * KAT's {@code init.json} (function -> entry directly). An entry has {@code init_w_numerator}
 * (a0..am), {@code init_w_denominator} and the fit range {@code lb}/{@code ub} (swapped in some
 * entries: the reader orders them). Version D is B with training noise ({@link org.rational4j.TrainingNoise}).
 */
public final class ReferenceTables {
    private static final Pattern KEY = Pattern.compile("Rational_version_([A-Za-z])(\\d+)/(\\d+)");

    private ReferenceTables() {
    }

    /**
     * One entry of a table.
     *
     * @param group    the table key ({@code Rational_version_A5/4}), or "" for an entry at the top level
     * @param versionLetter the letter of the key (A, B, C, D, N), or "" at the top level
     * @param function the function name as the table spells it
     * @param swapped  true when the table had lb &gt; ub
     */
    public record Entry(String group, String versionLetter, String function, double[] numerator,
            double[] denominator, double lower, double upper, boolean swapped) {
        /** Numerator degree m. */
        public int numeratorDegree() {
            return numerator.length - 1;
        }

        /** The key's version; {@code fallback} for an entry at the top level. */
        public Version version(Version fallback) {
            if (versionLetter.isEmpty()) {
                return fallback;
            }
            return Version.parse(versionLetter);
        }

        /** The coefficients under {@link #version(Version)}. */
        public Coefficients coefficients(Version fallback) {
            Version v = version(fallback);
            int n = v.denominatorDegree(denominator.length);
            return Coefficients.of(RationalSpec.of(v, numerator.length - 1, n), numerator, denominator);
        }
    }

    /** All entries of a table file. */
    public static List<Entry> read(Path file) throws IOException {
        return entries(StrictJson.read(file, MAX_BYTES), file.toString());
    }

    /** Largest table file read: 64 MiB (the reference tables are tens of kilobytes). */
    public static final long MAX_BYTES = 64L << 20;

    /** All entries of a classpath resource table. */
    static List<Entry> readResource(String resource) {
        try (InputStream in = ReferenceTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return entries(StrictJson.parse(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)), resource), resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in table " + resource + ": " + e.getMessage(), e);
        }
    }

    private static List<Entry> entries(JsonElement root, String source) throws CheckpointFormatException {
        if (!root.isJsonObject()) {
            throw new CheckpointFormatException(source, "a reference table must be a JSON object");
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> top : root.getAsJsonObject().entrySet()) {
            String key = top.getKey();
            if (!top.getValue().isJsonObject()) {
                throw new CheckpointFormatException(source, "'" + key + "' is not an object");
            }
            JsonObject obj = top.getValue().getAsJsonObject();
            Matcher mt = KEY.matcher(key);
            if (mt.matches()) {
                String letter = mt.group(1).toUpperCase(Locale.ROOT);
                if (!"ABCDN".contains(letter)) {
                    throw new CheckpointFormatException(source, "'" + key + "': unknown version " + letter);
                }
                int m = degree(source, key, "numerator", mt.group(2));
                int n = degree(source, key, "denominator", mt.group(3));
                for (Map.Entry<String, JsonElement> f : obj.entrySet()) {
                    Entry e = entry(source, key, letter, f.getKey(), f.getValue());
                    int nb = letter.equals("C") ? n + 1 : n;
                    if (e.numerator.length != m + 1 || e.denominator.length != nb) {
                        throw new CheckpointFormatException(source, "'" + key + "/" + f.getKey() + "' has "
                                + e.numerator.length + " numerator and " + e.denominator.length
                                + " denominator coefficients; degrees " + m + "/" + n + " need " + (m + 1)
                                + " and " + nb);
                    }
                    out.add(e);
                }
            } else if (obj.has("init_w_numerator")) {
                out.add(entry(source, "", "", key, obj));
            } else {
                throw new CheckpointFormatException(source, "'" + key
                        + "' is neither a Rational_version_{V}{m}/{n} group nor an entry with init_w_numerator");
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A degree of a table key: digits that may be too many for an int, so checked as text first. */
    private static int degree(String source, String key, String which, String digits)
            throws CheckpointFormatException {
        String d = digits.replaceFirst("^0+(?=.)", "");
        if (d.length() > 4 || Integer.parseInt(d) > RationalSpec.MAX_DEGREE) {
            throw new CheckpointFormatException(source, "'" + key + "': " + which + " degree " + digits
                    + " is out of range (at most " + RationalSpec.MAX_DEGREE + ")");
        }
        return Integer.parseInt(d);
    }

    private static Entry entry(String source, String group, String letter, String function, JsonElement el)
            throws CheckpointFormatException {
        String where = "'" + (group.isEmpty() ? "" : group + "/") + function + "'";
        if (!el.isJsonObject()) {
            throw new CheckpointFormatException(source, where + " is not an object");
        }
        JsonObject o = el.getAsJsonObject();
        double[] num = numbers(source, where, o, "init_w_numerator");
        double[] den = numbers(source, where, o, "init_w_denominator");
        if (num.length < 1 || den.length < 1) {
            throw new CheckpointFormatException(source, where + ": empty coefficient list");
        }
        if (num.length > RationalSpec.MAX_DEGREE + 1 || den.length > RationalSpec.MAX_DEGREE + 1) {
            throw new CheckpointFormatException(source, where + ": " + num.length + " numerator and " + den.length
                    + " denominator coefficients; degrees are at most " + RationalSpec.MAX_DEGREE);
        }
        double lb = o.has("lb") ? number(source, where, o.get("lb"), "lb") : -3;
        double ub = o.has("ub") ? number(source, where, o.get("ub"), "ub") : 3;
        boolean swapped = lb > ub;
        if (lb == ub) {
            throw new CheckpointFormatException(source, where + ": empty fit range lb = ub = " + lb);
        }
        return new Entry(group, letter, function, num, den, Math.min(lb, ub), Math.max(lb, ub), swapped);
    }

    private static double[] numbers(String source, String where, JsonObject o, String key)
            throws CheckpointFormatException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new CheckpointFormatException(source, where + ": '" + key + "' missing or not an array");
        }
        double[] out = new double[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(source, where, e.getAsJsonArray().get(i), key + "[" + i + "]");
        }
        return out;
    }

    static double number(String source, String where, JsonElement e, String what)
            throws CheckpointFormatException {
        if (!StrictJson.isNumber(e)) {
            throw new CheckpointFormatException(source, where + ": " + what + " is not a number: " + e);
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new CheckpointFormatException(source, where + ": " + what + " is not finite: " + v);
        }
        return v;
    }

    /**
     * Selects one entry of a table file and returns its coefficients.
     *
     * @param version the version letter (A, B, C, D, N); for a top-level entry (KAT's
     *                init.json) the version to evaluate with
     * @param m       numerator degree, or -1 for any
     * @param n       denominator degree, or -1 for any
     * @param function the function name, as the table spells it (case-insensitive)
     */
    public static Coefficients select(Path file, String version, int m, int n, String function)
            throws IOException {
        List<Entry> entries = read(file);
        String letter = version.trim().toUpperCase(Locale.ROOT);
        if (letter.startsWith("VERSION_")) {
            letter = letter.substring(8);
        }
        Version evalVersion = Version.parse(letter);
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            boolean versionOk = e.versionLetter.isEmpty() || e.versionLetter.equals(letter);
            Version v = e.version(evalVersion);
            int en = v.denominatorDegree(e.denominator.length);
            if (versionOk && e.function.equalsIgnoreCase(function.trim())
                    && (m < 0 || e.numeratorDegree() == m) && (n < 0 || en == n)) {
                hits.add(e);
            }
        }
        // a versioned entry wins over a top-level one
        List<Entry> keyed = hits.stream().filter(e -> !e.versionLetter.isEmpty()).collect(Collectors.toList());
        if (!keyed.isEmpty()) {
            hits = keyed;
        }
        if (hits.size() == 1) {
            Entry e = hits.get(0);
            try {
                return e.coefficients(evalVersion);
            } catch (IllegalArgumentException ex) {
                throw new CheckpointFormatException(file, "'" + (e.group.isEmpty() ? "" : e.group + "/") + e.function
                        + "' does not fit version " + e.version(evalVersion) + ": " + ex.getMessage());
            }
        }
        String available = entries.stream()
                .map(e -> (e.group.isEmpty() ? "" : e.group + ":") + e.function).collect(Collectors.joining(", "));
        if (hits.isEmpty()) {
            throw new CheckpointFormatException(file, "no entry for version " + letter + ", degrees "
                    + (m < 0 ? "any" : m) + "/" + (n < 0 ? "any" : n) + ", function '" + function
                    + "'; the table has: " + available);
        }
        throw new CheckpointFormatException(file, "several entries match version " + letter + ", function '"
                + function + "': give the degrees; the table has: " + available);
    }
}
