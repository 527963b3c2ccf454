package org.rational4j.coefficients;

import java.math.BigDecimal;
import java.math.MathContext;
import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;
import org.rational4j.Version;

/**
 * [m/n] Padé approximants at 0, computed from Taylor coefficients in 60-digit decimal arithmetic and
 * rounded to f64 once at the end. A Padé approximant P/Q, Q(0) = 1, matches the Taylor series up to
 * x^(m+n): the denominator solves sum_{j=0..n} q_j c_{k-j} = 0 for k = m+1 .. m+n (c_i = 0 for
 * i &lt; 0), then a_k = sum_{j=0..min(k,n)} q_j c_{k-j}. Its denominator is signed, so the result is
 * a version N rational (b[k] = q_{k+1} multiplies x^(k+1)).
 */
public final class Pade {
    static final MathContext MC = new MathContext(60);
    /** ln 2 to 64 digits. */
    static final BigDecimal LN2 = new BigDecimal(
            "0.6931471805599453094172321214581765680755001343602552541206800094933936");

    private Pade() {
    }

    /** Taylor coefficients c_0..c_{terms-1} of sigmoid(x) at 0, from sigma' = sigma (1 - sigma). */
    public static BigDecimal[] sigmoidTaylor(int terms) {
        BigDecimal[] c = new BigDecimal[terms];
        c[0] = new BigDecimal("0.5");
        for (int k = 0; k + 1 < terms; k++) {
            BigDecimal conv = BigDecimal.ZERO;
            for (int i = 0; i <= k; i++) {
                conv = conv.add(c[i].multiply(c[k - i], MC), MC);
            }
            c[k + 1] = c[k].subtract(conv, MC).divide(BigDecimal.valueOf(k + 1), MC);
        }
        return c;
    }

    /** Taylor coefficients of softplus(x) = log(1 + e^x) at 0: ln 2, then the integral of sigmoid's. */
    public static BigDecimal[] softplusTaylor(int terms) {
        BigDecimal[] s = sigmoidTaylor(terms);
        BigDecimal[] c = new BigDecimal[terms];
        c[0] = LN2;
        for (int k = 1; k < terms; k++) {
            c[k] = s[k - 1].divide(BigDecimal.valueOf(k), MC);
        }
        return c;
    }

    /**
     * The [m/n] Padé approximant of the series {@code c} (at least m + n + 1 terms) as version N
     * coefficients.
     *
     * @throws IllegalArgumentException when the series is too short or the system is singular
     */
    public static Coefficients approximant(BigDecimal[] c, int m, int n) {
        if (c.length < m + n + 1) {
            throw new IllegalArgumentException("Padé [" + m + "/" + n + "] needs " + (m + n + 1)
                    + " Taylor coefficients, got " + c.length);
        }
        // rows k = m+1 .. m+n, unknowns q_1..q_n
        BigDecimal[][] mat = new BigDecimal[n][n + 1];
        for (int r = 0; r < n; r++) {
            int k = m + 1 + r;
            for (int j = 1; j <= n; j++) {
                mat[r][j - 1] = coef(c, k - j);
            }
            mat[r][n] = coef(c, k).negate();
        }
        BigDecimal[] q = solve(mat, n, m);
        BigDecimal[] qq = new BigDecimal[n + 1];
        qq[0] = BigDecimal.ONE;
        System.arraycopy(q, 0, qq, 1, n);
        double[] a = new double[m + 1];
        for (int k = 0; k <= m; k++) {
            BigDecimal s = BigDecimal.ZERO;
            for (int j = 0; j <= Math.min(k, n); j++) {
                s = s.add(qq[j].multiply(coef(c, k - j), MC), MC);
            }
            a[k] = s.doubleValue();
        }
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            b[k] = q[k].doubleValue();
        }
        return Coefficients.of(RationalSpec.of(Version.N, m, n), a, b);
    }

    private static BigDecimal coef(BigDecimal[] c, int i) {
        return i < 0 ? BigDecimal.ZERO : c[i];
    }

    private static BigDecimal[] solve(BigDecimal[][] a, int n, int m) {
        BigDecimal eps = new BigDecimal("1e-45");
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (a[r][col].abs().compareTo(a[piv][col].abs()) > 0) {
                    piv = r;
                }
            }
            if (a[piv][col].abs().compareTo(eps) <= 0) {
                throw new IllegalArgumentException("the Padé [" + m + "/" + n
                        + "] system is singular for this series (the approximant is degenerate)");
            }
            BigDecimal[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            for (int r = col + 1; r < n; r++) {
                BigDecimal f = a[r][col].divide(a[col][col], MC);
                for (int k = col; k <= n; k++) {
                    a[r][k] = a[r][k].subtract(f.multiply(a[col][k], MC), MC);
                }
            }
        }
        BigDecimal[] x = new BigDecimal[n];
        for (int r = n - 1; r >= 0; r--) {
            BigDecimal s = a[r][n];
            for (int k = r + 1; k < n; k++) {
                s = s.subtract(a[r][k].multiply(x[k], MC), MC);
            }
            x[r] = s.divide(a[r][r], MC);
        }
        return x;
    }
}
