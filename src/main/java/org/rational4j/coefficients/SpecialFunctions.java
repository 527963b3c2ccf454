package org.rational4j.coefficients;

/**
 * The error function and its complement in f64, to about 1e-15 relative error, from their series
 * and continued fraction (Java has no erf):
 * <ul>
 * <li>|x| &lt; 0.5: the Maclaurin series erf(x) = 2/sqrt(pi) sum (-1)^k x^(2k+1) / (k! (2k+1));</li>
 * <li>0.5 &lt;= |x| &lt; 1: erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^k x^(2k+1) / (1 3 5 ... (2k+1)), a
 * series of positive terms (no cancellation);</li>
 * <li>erfc(x) for x &gt;= 0.5 by the Laplace continued fraction
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards
 * from a fixed depth, and erf(x) = 1 - erfc(x) for |x| &gt;= 1.</li>
 * </ul>
 * exp(-x^2) is evaluated with x split into a 21-bit head and a tail so that x^2 carries no rounding
 * error into the exponential.
 */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/sqrt(pi)
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/sqrt(pi)

    private SpecialFunctions() {
    }

    /** The error function erf(x). */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 0.5) {
            return maclaurin(x);
        } else if (ax < 1.0) {
            r = positiveSeries(ax);
        } else if (ax < 6.0) {
            r = 1.0 - continuedFraction(ax);
        } else {
            r = 1.0;
        }
        return x < 0 ? -r : r;
    }

    /** The complementary error function erfc(x) = 1 - erf(x), accurate also where it is tiny. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0.5) {
            return 1.0 - erf(x);
        }
        if (x > 27.3) {
            return 0.0;
        }
        return continuedFraction(x);
    }

    private static double maclaurin(double x) {
        double x2 = x * x;
        double t = x;
        double s = x;
        for (int k = 1; k < 60; k++) {
            t = -t * x2 / k;
            double d = t / (2 * k + 1);
            s += d;
            if (Math.abs(d) <= 1e-17 * Math.abs(s)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * s;
    }

    private static double positiveSeries(double ax) {
        double twoX2 = 2 * ax * ax;
        double t = ax;
        double s = ax;
        for (int k = 0; k < 200; k++) {
            t = t * twoX2 / (2 * k + 3);
            s += t;
            if (t <= 1e-17 * s) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(ax) * s;
    }

    /**
     * erfc(x) for x >= 0.5 by the continued fraction, evaluated backwards from a depth that makes
     * the truncation error below 1e-17 (found numerically: about 200 / x^2 terms), which keeps the
     * rounding error to a few ulps.
     */
    private static double continuedFraction(double x) {
        int depth = 20 + (int) Math.ceil(205.0 / (x * x));
        double t = x;
        for (int k = depth; k >= 1; k--) {
            t = x + 0.5 * k / t;
        }
        return expMinusSquare(x) * ONE_OVER_SQRT_PI / t;
    }

    /** exp(-x^2) without the rounding error of x^2: x = h + t with h of 21 significant bits. */
    static double expMinusSquare(double x) {
        double h = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xFFFFFFFF00000000L);
        double t = x - h;
        return Math.exp(-h * h) * Math.exp(-t * (x + h));
    }
}
