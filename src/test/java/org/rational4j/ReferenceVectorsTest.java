package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every available backend against the f64 reference vectors (values, dy/dx and per-element
 * coefficient gradients from rational_activations), in f64 (tight) and f32 (a few ulp of the
 * terms).
 */
class ReferenceVectorsTest {

    static final class Case {
        String name;
        Version version;
        double[] numerator;
        double[] denominator;
        double[] x;
        double[] y;
        double[] dydx;
        double[][] dnum;
        double[][] dden;

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws Exception {
        try (Reader r = new InputStreamReader(ReferenceVectorsTest.class.getResourceAsStream(
                "/org/rational4j/reference/vectors.json"), StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(r).getAsJsonObject();
            List<Case> out = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) {
                JsonObject o = e.getAsJsonObject();
                Case c = new Case();
                c.name = o.get("name").getAsString();
                c.version = Version.parse(o.get("version").getAsString());
                c.numerator = doubles(o.getAsJsonArray("numerator"));
                c.denominator = doubles(o.getAsJsonArray("denominator"));
                c.x = doubles(o.getAsJsonArray("x"));
                c.y = doubles(o.getAsJsonArray("y"));
                c.dydx = doubles(o.getAsJsonArray("dy_dx"));
                c.dnum = matrix(o.getAsJsonArray("dy_dnumerator"));
                c.dden = matrix(o.getAsJsonArray("dy_ddenominator"));
                out.add(c);
            }
            return out;
        }
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    private static double[][] matrix(JsonArray a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i).getAsJsonArray());
        }
        return out;
    }

    static Stream<Arguments> backendsAndCases() throws Exception {
        List<Case> cases = cases();
        List<Arguments> out = new ArrayList<>();
        for (String b : TestBackends.available()) {
            for (Case c : cases) {
                out.add(Arguments.of(b, c));
            }
        }
        return out.stream();
    }

    private static RationalActivation activation(String backend, Case c) {
        int m = c.numerator.length - 1;
        int n = c.version == Version.C ? c.denominator.length - 1 : c.denominator.length;
        RationalSpec spec = RationalSpec.of(c.version, m, n);
        return RationalActivation.builder(Coefficients.of(spec, c.numerator, c.denominator)).backend(backend)
                .build();
    }

    private static void close(String what, double want, double got, double tol) {
        if (!(Math.abs(want - got) <= tol)) {
            fail(what + ": want " + want + ", got " + got + " (tolerance " + tol + ")");
        }
    }

    /**
     * Rounding errors scale with the terms, not with the result: near a zero of P or a pole of Q
     * (version N) the result is ill-conditioned. Returns {numerator terms / |Q|, denominator terms / |Q|}.
     */
    private static double[] conditioning(Case c, double x) {
        double terms = 0;
        double p = 0;
        double pw = 1;
        for (double a : c.numerator) {
            terms += Math.abs(a) * pw;
            pw *= Math.abs(x);
        }
        double q = c.version == Version.C ? 0.1 : 1.0;
        double qTerms = q;
        double s = 0;
        pw = c.version == Version.C ? 1 : x;
        for (double b : c.denominator) {
            qTerms += Math.abs(b * pw);
            s += b * pw;
            pw *= x;
        }
        switch (c.version) {
            case A:
                q = qTerms;
                break;
            case N:
                q = 1 + s;
                break;
            default:
                q = q + Math.abs(s);
                break;
        }
        return new double[] {terms / Math.abs(q), Math.max(1.0, qTerms / Math.abs(q))};
    }

    private static double tolValue(double rel, Case c, double x, double want) {
        double[] k = conditioning(c, x);
        return rel * (Math.max(1.0, Math.abs(want)) + k[0]) * k[1];
    }

    private static double tolDerivative(double rel, Case c, double x, double want) {
        double[] k = conditioning(c, x);
        return rel * (Math.max(1.0, Math.abs(want)) + k[0] * (1 + Math.abs(x))) * k[1] * k[1];
    }

    @ParameterizedTest(name = "{0} f64 {1}")
    @MethodSource("backendsAndCases")
    void f64(String backend, Case c) {
        RationalActivation act = activation(backend, c);
        int len = c.x.length;
        double[] y = new double[len];
        act.forward(c.x, y);
        double[] dy = new double[len];
        java.util.Arrays.fill(dy, 1.0);
        double[] dx = new double[len];
        act.backward(c.x, dy, dx, new Gradients(act.spec()));
        for (int e = 0; e < len; e++) {
            close(c + " y(" + c.x[e] + ")", c.y[e], y[e], tolValue(1e-12, c, c.x[e], c.y[e]));
            close(c + " dy/dx(" + c.x[e] + ")", c.dydx[e], dx[e], tolDerivative(1e-11, c, c.x[e], c.dydx[e]));
            assertTrue(act.evaluate(c.x[e]) == y[e], "evaluate equals forward in f64");
            Gradients g = new Gradients(act.spec());
            double[] one = new double[1];
            act.backward(new double[] {c.x[e]}, new double[] {1.0}, one, g);
            for (int i = 0; i < c.dnum[e].length; i++) {
                close(c + " dy/da" + i + "(" + c.x[e] + ")", c.dnum[e][i], g.numerator()[i], tolDerivative(1e-11, c, c.x[e], c.dnum[e][i]));
            }
            for (int k = 0; k < c.dden[e].length; k++) {
                close(c + " dy/db" + k + "(" + c.x[e] + ")", c.dden[e][k], g.denominator()[k], tolDerivative(1e-11, c, c.x[e], c.dden[e][k]));
            }
        }
    }

    @ParameterizedTest(name = "{0} f32 {1}")
    @MethodSource("backendsAndCases")
    void f32(String backend, Case c) {
        RationalActivation act = activation(backend, c);
        int len = c.x.length;
        float[] x = new float[len];
        for (int e = 0; e < len; e++) {
            x[e] = (float) c.x[e];
        }
        float[] y = new float[len];
        act.forward(x, y);
        float[] dy = new float[len];
        java.util.Arrays.fill(dy, 1f);
        float[] dx = new float[len];
        act.backward(x, dy, dx, new Gradients(act.spec()));
        double tol = 1e-5;
        for (int e = 0; e < len; e++) {
            close(c + " y(" + c.x[e] + ")", c.y[e], y[e], tolValue(tol, c, c.x[e], c.y[e]));
            close(c + " dy/dx(" + c.x[e] + ")", c.dydx[e], dx[e], tolDerivative(tol, c, c.x[e], c.dydx[e]));
            Gradients g = new Gradients(act.spec());
            act.backward(new float[] {x[e]}, new float[] {1f}, new float[1], g);
            for (int i = 0; i < c.dnum[e].length; i++) {
                close(c + " dy/da" + i + "(" + c.x[e] + ")", c.dnum[e][i], g.numerator()[i], tolDerivative(tol, c, c.x[e], c.dnum[e][i]));
            }
            for (int k = 0; k < c.dden[e].length; k++) {
                close(c + " dy/db" + k + "(" + c.x[e] + ")", c.dden[e][k], g.denominator()[k], tolDerivative(tol, c, c.x[e], c.dden[e][k]));
            }
        }
    }
}
