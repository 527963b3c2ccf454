package org.rational4j.coefficients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rational4j.Coefficients;
import org.rational4j.Version;

class BuiltinsTest {

    static JsonObject vectors() throws Exception {
        try (Reader r = new InputStreamReader(
                BuiltinsTest.class.getResourceAsStream("/org/rational4j/reference/vectors.json"),
                StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        }
    }

    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    static String builtinName(String vectorName) {
        if (vectorName.startsWith("Rational_version_")) {
            String s = vectorName.substring("Rational_version_".length());
            String[] parts = s.split(":");
            return "pau/" + parts[0].replace('/', '_') + "/" + parts[1];
        }
        if (vectorName.startsWith("kat:swish")) {
            return "kat/swish";
        }
        if (vectorName.startsWith("boulle:relu")) {
            return "boulle/N3_2/relu";
        }
        throw new IllegalArgumentException(vectorName);
    }

    @Test
    void builtinsEvaluateToReferenceVectors() throws Exception {
        int cases = 0;
        for (JsonElement el : vectors().getAsJsonArray("cases")) {
            JsonObject c = el.getAsJsonObject();
            Builtin b = Builtins.get(builtinName(c.get("name").getAsString()));
            Coefficients co = b.coefficients();
            assertEquals(Version.parse(c.get("version").getAsString()), co.spec().version(), b.name());
            assertArrayEquals(doubles(c.getAsJsonArray("numerator")), co.numerator(0), b.name());
            assertArrayEquals(doubles(c.getAsJsonArray("denominator")), co.denominator(0), b.name());
            double[] x = doubles(c.getAsJsonArray("x"));
            double[] y = doubles(c.getAsJsonArray("y"));
            double[] a = co.numerator(0);
            for (int i = 0; i < x.length; i++) {
                double got = Evaluation.value(co, x[i]);
                // 1e-12 relative to the value, or to the size of P's terms where P cancels (the
                // reference was evaluated in another order; a cancelling sum cannot agree better)
                double terms = 0;
                for (int k = 0; k < a.length; k++) {
                    terms += Math.abs(a[k]) * Math.pow(Math.abs(x[i]), k);
                }
                terms /= Evaluation.denominator(co.spec().version(), co.denominator(0), x[i]);
                double tol = 1e-12 * Math.max(Math.abs(y[i]), Math.abs(terms));
                assertEquals(y[i], got, tol, b.name() + " at x = " + x[i]);
                if (Math.abs(got - y[i]) > 1e-12 * Math.abs(y[i])) {
                    System.out.println("cancellation-limited: " + b.name() + " x = " + x[i] + " y = " + y[i]
                            + " ours " + got + " terms " + terms);
                }
            }
            cases++;
        }
        assertEquals(16, cases);
    }

    @Test
    void everyTableEntryIsABuiltin() {
        List<Builtin> all = Builtins.all();
        Set<String> names = new HashSet<>(Builtins.names());
        assertEquals(all.size(), names.size());
        for (ReferenceTables.Entry e : ReferenceTables.readResource(Builtins.PAU_TABLE)) {
            assertTrue(all.stream().anyMatch(b -> b.name().endsWith("/" + e.function())
                    && b.source().contains(e.group().isEmpty() ? "top-level" : e.group())), e.toString());
        }
        for (ReferenceTables.Entry e : ReferenceTables.readResource(Builtins.KAT_TABLE)) {
            assertTrue(names.contains("kat/" + e.function()), e.function());
        }
        for (String n : List.of("pau/A5_4/leaky_relu", "pau/B7_6/leaky_relu", "pau/D5_4/gelu", "kat/gelu",
                "kat/gelu@B", "pau/N2_2/identity", "pau/C3_2/leaky_relu_0.1", "pau/identity",
                "pade/N5_4/sigmoid", "pade/N3_2/softplus", "boulle/N3_2/relu")) {
            assertTrue(names.contains(n), n);
        }
        assertEquals(Version.D, Builtins.get("pau/D5_4/gelu").coefficients().spec().version());
        Builtin id = Builtins.get("pau/B5_4/identity");
        assertTrue(id.lower() < id.upper());
        for (Builtin b : all) {
            assertTrue(Targets.contains(b.target()), b.name() + " target " + b.target());
            double max = b.maxError();
            assertTrue(Double.isFinite(max), b.name());
            assertTrue(b.rmsError() <= max, b.name());
        }
    }

    @Test
    void defaultActivationIsPauA54LeakyRelu() {
        Builtin d = Builtins.defaultActivation();
        assertEquals("pau/A5_4/leaky_relu", d.name());
        assertEquals(Version.A, d.coefficients().spec().version());
        assertEquals(5, d.coefficients().spec().numeratorDegree());
        assertEquals(4, d.coefficients().spec().denominatorDegree());
        assertEquals("leaky_relu", d.target());
        assertEquals(-0.01, Targets.byName(d.target()).applyAsDouble(-1), 0);
    }

    @Test
    void katBFittedEntriesAreFlaggedAndAccurateAsB() {
        Builtin a = Builtins.get("kat/gelu");
        Builtin b = Builtins.get("kat/gelu@B");
        assertTrue(a.flaggedInaccurate(), a.note());
        assertTrue(a.note().contains("1.46"), a.note());
        assertEquals(1.46, a.maxError(), 0.01);
        assertFalse(b.flaggedInaccurate());
        assertTrue(b.maxError() < 3e-3, "kat/gelu@B max " + b.maxError());
        assertTrue(Builtins.get("kat/geglu@B").maxError() < 1e-2);
        assertTrue(Builtins.get("kat/swishglu@B").rmsError() < 1e-3);
        assertTrue(Builtins.get("kat/erfc_Softplus_2@B").rmsError() < 1e-4);
        assertFalse(Builtins.get("kat/swish").flaggedInaccurate());
        assertTrue(Builtins.get("kat/swish").maxError() < 2e-6);
    }

    @Test
    void padeApproximantsMatchTheTaylorSeries() {
        Coefficients s = Builtins.get("pade/N5_4/sigmoid").coefficients();
        assertEquals(Version.N, s.spec().version());
        // [5/4] of sigmoid: a = 1/2, 1/4, 1/18, 1/144, 1/2016, 1/60480; b = 0, 1/9, 0, 1/1008
        assertArrayEquals(new double[] {0.5, 0.25, 1.0 / 18, 1.0 / 144, 1.0 / 2016, 1.0 / 60480},
                s.numerator(0), 1e-17);
        assertArrayEquals(new double[] {0, 1.0 / 9, 0, 1.0 / 1008}, s.denominator(0), 1e-17);
        for (double x = -0.05; x <= 0.05; x += 0.01) {
            assertEquals(Targets.sigmoid(x), Evaluation.value(s, x), 1e-15);
            assertEquals(Targets.softplus(x), Evaluation.value(Builtins.get("pade/N5_4/softplus").coefficients(), x),
                    1e-14);
        }
        assertTrue(Builtins.get("pade/N5_4/sigmoid").maxError() < 1e-6);
    }

    @Test
    void unknownNameListsCloseNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Builtins.get("pau/A5_4/leaky_rel"));
        assertTrue(e.getMessage().contains("pau/A5_4/leaky_relu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Builtins.get("gelu"));
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("kat/gelu"), e.getMessage());
        assertEquals("pau/A5_4/leaky_relu", Builtins.get("PAU/a5_4/LEAKY_RELU").name());
    }

    @Test
    void printTable() {
        for (Builtin b : Builtins.all()) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | [%s, %s] | %.3e | %.3e |%n", b.name(),
                    b.coefficients().spec().version(), b.target(), b.lower(), b.upper(), b.maxError(),
                    b.rmsError());
        }
    }
}
