package org.rational4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * f64 backward against central finite differences of f64 forward: dx and every coefficient
 * gradient, random coefficients, all versions, several degrees and group layouts.
 */
class FiniteDifferenceTest {

    static String[] backends() {
        return TestBackends.available().toArray(new String[0]);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gradientsMatchFiniteDifferences(String backend) {
        Random r = new Random(99);
        int[][] degrees = {{5, 4}, {3, 2}, {0, 1}, {7, 6}, {2, 0}};
        for (Version v : Version.values()) {
            for (int[] d : degrees) {
                int n = d[1] == 0 && v != Version.C ? 1 : d[1];
                for (int[] groups : new int[][] {{1, 1}, {1, 2}, {2, 2}}) {
                    RationalSpec spec = RationalSpec.of(v, d[0], n).withGroups(groups[0], groups[1]);
                    check(backend, spec, r);
                }
            }
        }
    }

    private static void check(String backend, RationalSpec spec, Random r) {
        double[] num = new double[spec.numeratorGroups() * spec.numeratorLength()];
        double[] den = new double[spec.denominatorGroups() * spec.denominatorLength()];
        for (int i = 0; i < num.length; i++) {
            num[i] = r.nextGaussian() * 0.5;
        }
        for (int i = 0; i < den.length; i++) {
            den[i] = (r.nextBoolean() ? 1 : -1) * (0.2 + r.nextDouble()) * (spec.version() == Version.N ? 0.1 : 1);
        }
        Coefficients coef = Coefficients.of(spec, num, den);
        Shape shape = Shape.of(3, 2, 5);
        int size = (int) shape.size();
        double[] x = new double[size];
        double[] dy = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = (r.nextDouble() * 2 - 1) * 1.5;
            if (Math.abs(x[i]) < 0.05) {
                x[i] = 0.3; // keep away from the kink of |x|
            }
            dy[i] = r.nextGaussian();
        }
        RationalActivation act = RationalActivation.builder(coef).backend(backend).build();
        double[] dx = new double[size];
        Gradients g = new Gradients(spec);
        act.backward(x, 0, dy, 0, dx, 0, shape, g);

        double h = 1e-6;
        for (int i = 0; i < size; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (loss(act, xp, dy, shape) - loss(act, xm, dy, shape)) / (2 * h);
            close(spec + " " + backend + " dx[" + i + "]", fd, dx[i]);
        }
        for (int s = 0; s < num.length; s++) {
            double[] p = num.clone();
            double[] m = num.clone();
            p[s] += h;
            m[s] -= h;
            double fd = (loss(act.withCoefficients(Coefficients.of(spec, p, den)), x, dy, shape)
                    - loss(act.withCoefficients(Coefficients.of(spec, m, den)), x, dy, shape)) / (2 * h);
            close(spec + " " + backend + " dnum[" + s + "]", fd, g.numerator()[s]);
        }
        for (int s = 0; s < den.length; s++) {
            double[] p = den.clone();
            double[] m = den.clone();
            p[s] += h;
            m[s] -= h;
            double fd = (loss(act.withCoefficients(Coefficients.of(spec, num, p)), x, dy, shape)
                    - loss(act.withCoefficients(Coefficients.of(spec, num, m)), x, dy, shape)) / (2 * h);
            close(spec + " " + backend + " dden[" + s + "]", fd, g.denominator()[s]);
        }
    }

    /** sum(dy * R(x)). */
    private static double loss(RationalActivation act, double[] x, double[] dy, Shape shape) {
        double[] y = new double[x.length];
        act.forward(x, 0, y, 0, shape);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += dy[i] * y[i];
        }
        return s;
    }

    private static void close(String what, double want, double got) {
        if (!(Math.abs(want - got) <= 1e-5 * Math.max(1, Math.abs(want)))) {
            fail(what + ": finite difference " + want + ", backward " + got);
        }
    }
}
