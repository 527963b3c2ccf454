package org.rational4j.coefficients;

import java.util.function.DoubleUnaryOperator;
import org.rational4j.Coefficients;
import org.rational4j.Version;
import org.rational4j.internal.ScalarKernels;

/**
 * The f64 evaluation of R(x) = P(x) / Q(x) with the operation sequence of docs/contract.md
 * section 2 (the scalar backend's f64 code, so a fit's reported errors are those of the backends),
 * and the error measures of a fit on a uniform grid. The coefficient code uses it to fit and to
 * report errors.
 */
public final class Evaluation {
    /** Points of the reference grid: 100,000 points of [lower, upper), as rational_activations. */
    public static final int REFERENCE_POINTS = 100_000;

    private Evaluation() {
    }

    /** Max and root-mean-square error of a rational against a target on a grid. */
    public record Errors(double maxError, double rmsError) {
    }

    /** R(x) for one numerator group {@code a} (a0..am) and one denominator group {@code b}. */
    public static double value(Version version, double[] a, double[] b, double x) {
        Version f = version.formula();
        return ScalarKernels.forward(f, x, a, 0, a.length - 1, b, 0, f.denominatorDegree(b.length));
    }

    /** Q(x) of one denominator group. */
    public static double denominator(Version version, double[] b, double x) {
        Version f = version.formula();
        return ScalarKernels.denominator(f, x, b, 0, f.denominatorDegree(b.length));
    }

    /** R(x) with the coefficients of numerator group 0 and denominator group 0. */
    public static double value(Coefficients c, double x) {
        return value(c.spec().version(), c.numerator(0), c.denominator(0), x);
    }

    /** The i-th of {@code points} grid points of [lower, upper): lower + i (upper - lower) / points. */
    public static double gridPoint(double lower, double upper, int points, int i) {
        return lower + i * (upper - lower) / points;
    }

    /** Errors of group 0 of {@code c} against {@code target} on {@code points} points of [lower, upper). */
    public static Errors errors(Coefficients c, DoubleUnaryOperator target, double lower, double upper,
            int points) {
        return errors(c.spec().version(), c.numerator(0), c.denominator(0), target, lower, upper, points);
    }

    /** Errors on {@code points} points of [lower, upper); NaN or infinite values give an infinite error. */
    public static Errors errors(Version version, double[] a, double[] b, DoubleUnaryOperator target,
            double lower, double upper, int points) {
        double max = 0;
        double sum = 0;
        for (int i = 0; i < points; i++) {
            double x = gridPoint(lower, upper, points, i);
            double e = Math.abs(value(version, a, b, x) - target.applyAsDouble(x));
            if (!(e <= Double.MAX_VALUE)) {
                return new Errors(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
            }
            max = Math.max(max, e);
            sum += e * e;
        }
        return new Errors(max, Math.sqrt(sum / points));
    }
}
