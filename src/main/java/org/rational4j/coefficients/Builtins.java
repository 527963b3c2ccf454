package org.rational4j.coefficients;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;
import org.rational4j.Version;

/**
 * The built-in initialisations:
 * <ul>
 * <li>{@code pau/{V}{m}_{n}/{function}}: every entry of {@code rational_activations}'
 * rationals_config.json (versions A, B, C, D, N; D is B plus training noise),
 * plus {@code pau/identity}, the table's top-level identity entry (5/4, exact under A, B and N);</li>
 * <li>{@code kat/{function}}: every entry of KAT's init.json, version A as KAT's kernels evaluate
 * it. Its gelu, geglu, swishglu and erfc_Softplus_2 entries were fitted with the version B formula:
 * they are flagged INACCURATE and offered again as {@code kat/{function}@B}, version B;</li>
 * <li>{@code pade/N{m}_{n}/{sigmoid,softplus}}: Padé approximants at 0 (version N: a Padé
 * denominator is signed), computed by {@link Pade};</li>
 * <li>{@code boulle/N3_2/relu}: Boulle, Nakatsukasa and Townsend's (3,2) ReLU initialisation
 * (Rational neural networks, NeurIPS 2020), version N, fitted on [-1, 1].</li>
 * </ul>
 * The default activation is {@code pau/A5_4/leaky_relu}, as {@code rational_activations}.
 */
public final class Builtins {
    /** Name of the default activation. */
    public static final String DEFAULT = "pau/A5_4/leaky_relu";

    static final String PAU_TABLE = "/org/rational4j/tables/rational_activations-rationals_config.json";
    static final String KAT_TABLE = "/org/rational4j/tables/kat-init.json";

    /** KAT entries fitted with the version B formula (verified: accurate as B, far off as A). */
    private static final Set<String> KAT_B_FITTED = Set.of("gelu", "geglu", "swishglu", "erfc_Softplus_2");

    private Builtins() {
    }

    private static final class Holder {
        static final Map<String, Builtin> ALL = load();
    }

    /** All built-ins, in a stable order (pau, kat, pade, boulle). */
    public static List<Builtin> all() {
        return List.copyOf(Holder.ALL.values());
    }

    /** All names, in the order of {@link #all()}. */
    public static List<String> names() {
        return List.copyOf(Holder.ALL.keySet());
    }

    /** The default activation: version A, degrees (5, 4), leaky_relu (slope 0.01). */
    public static Builtin defaultActivation() {
        return get(DEFAULT);
    }

    /**
     * The built-in called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing close names
     */
    public static Builtin get(String name) {
        Builtin b = Holder.ALL.get(name);
        if (b != null) {
            return b;
        }
        String want = name.trim().toLowerCase(Locale.ROOT);
        for (Builtin c : Holder.ALL.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(want)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown built-in '" + name + "'; close names: "
                + String.join(", ", closeNames(want)) + " (" + Holder.ALL.size()
                + " built-ins; Builtins.names() lists them)");
    }

    static List<String> closeNames(String want) {
        String tail = want.contains("/") ? want.substring(want.lastIndexOf('/') + 1) : want;
        return Holder.ALL.keySet().stream()
                .sorted(Comparator.comparingInt((String k) -> {
                    String lk = k.toLowerCase(Locale.ROOT);
                    int d = distance(lk, want);
                    if (!tail.isEmpty() && lk.endsWith("/" + tail)) {
                        d -= 100;
                    } else if (!tail.isEmpty() && lk.contains(tail)) {
                        d -= 50;
                    }
                    return d;
                }).thenComparing(k -> k))
                .limit(8).collect(Collectors.toList());
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The Targets name for a table's function name. */
    static String targetFor(String function) {
        if (function.equals("gelu_old")) {
            return "gelu";
        }
        return Targets.canonical(function);
    }

    private static Map<String, Builtin> load() {
        Map<String, Builtin> out = new LinkedHashMap<>();
        String pauSource = "rational_activations rationals_config.json";
        for (ReferenceTables.Entry e : ReferenceTables.readResource(PAU_TABLE)) {
            String note = e.swapped() ? "lb/ub swapped in the source table; normalised" : "";
            String name;
            String source;
            if (e.group().isEmpty()) {
                name = "pau/" + e.function();
                source = pauSource + " (top-level entry, no version)";
                note = join(note, "exact identity under versions A, B and N (denominator 0); evaluated as A");
            } else {
                Version v = e.version(Version.A);
                int n = v.denominatorDegree(e.denominator().length);
                name = "pau/" + e.versionLetter() + e.numeratorDegree() + "_" + n + "/" + e.function();
                source = pauSource + " (" + e.group() + ")";
                if (e.versionLetter().equals("D")) {
                    note = join(note, "version D: B, with multiplicative noise on the numerator in training steps");
                }
            }
            put(out, new Builtin(name, e.coefficients(Version.A), targetFor(e.function()), e.lower(),
                    e.upper(), source, note));
        }
        List<Builtin> katB = new ArrayList<>();
        for (ReferenceTables.Entry e : ReferenceTables.readResource(KAT_TABLE)) {
            String target = targetFor(e.function());
            String swapped = e.swapped() ? "lb/ub swapped in the source table; normalised" : "";
            String name = "kat/" + e.function();
            Coefficients a = e.coefficients(Version.A);
            if (KAT_B_FITTED.contains(e.function())) {
                Coefficients b = e.coefficients(Version.B);
                Evaluation.Errors asA = Evaluation.errors(a, Targets.byName(target), e.lower(), e.upper(),
                        Evaluation.REFERENCE_POINTS);
                Evaluation.Errors asB = Evaluation.errors(b, Targets.byName(target), e.lower(), e.upper(),
                        Evaluation.REFERENCE_POINTS);
                String note = String.format(Locale.ROOT,
                        "INACCURATE under version A (as KAT's kernels evaluate it): fitted with the version B "
                                + "formula; max error %.3g as A, %.3g as B on [%s, %s]; use %s@B",
                        asA.maxError(), asB.maxError(), fmt(e.lower()), fmt(e.upper()), name);
                put(out, new Builtin(name, a, target, e.lower(), e.upper(), "KAT init.json, evaluated as A",
                        join(note, swapped)));
                katB.add(new Builtin(name + "@B", b, target, e.lower(), e.upper(),
                        "KAT init.json, evaluated as B", join(swapped,
                                "KAT's " + e.function() + " entry under the version B formula it was fitted with")));
            } else {
                String note = e.function().equals("gelu_old") ? "same coefficients as pau/A5_4/gelu" : "";
                put(out, new Builtin(name, a, target, e.lower(), e.upper(), "KAT init.json, evaluated as A",
                        join(swapped, note)));
            }
        }
        for (Builtin b : katB) {
            put(out, b);
        }
        int[][] padeDegrees = {{5, 4}, {3, 2}};
        for (String f : new String[] {"sigmoid", "softplus"}) {
            for (int[] d : padeDegrees) {
                Coefficients c = Pade.approximant(
                        f.equals("sigmoid") ? Pade.sigmoidTaylor(d[0] + d[1] + 1) : Pade.softplusTaylor(d[0] + d[1] + 1),
                        d[0], d[1]);
                put(out, new Builtin("pade/N" + d[0] + "_" + d[1] + "/" + f, c, f, -3, 3,
                        "[" + d[0] + "/" + d[1] + "] Padé approximant at 0 of " + f + " (computed from its Taylor series)",
                        "version N: a Padé denominator is signed; accurate near 0, errors grow towards the ends"));
            }
        }
        put(out, new Builtin("boulle/N3_2/relu",
                Coefficients.of(RationalSpec.of(Version.N, 3, 2),
                        new double[] {0.0218, 0.5, 1.5957, 1.1915}, new double[] {0.0, 2.383}),
                "relu", -1, 1, "Boulle, Nakatsukasa, Townsend: Rational neural networks (NeurIPS 2020), type (3,2) init",
                "stored there highest degree first; fitted on [-1, 1]"));
        return Collections.unmodifiableMap(out);
    }

    private static void put(Map<String, Builtin> out, Builtin b) {
        if (out.put(b.name(), b) != null) {
            throw new IllegalStateException("duplicate built-in name " + b.name());
        }
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "; " + b;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
