package org.rational4j.cli;

import java.util.function.DoubleUnaryOperator;
import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;
import org.rational4j.Version;
import org.rational4j.coefficients.Evaluation;

/**
 * The CLI's own fitter, used until {@code org.rational4j.coefficients.Fitter} is available to it:
 * a linearised least-squares start (P - f (Q - 1) = f), then Levenberg-Marquardt on the weighted
 * squared error with a finite-difference Jacobian; minimax by Lawson's iteratively reweighted least
 * squares (weights grow where the error is large). Errors are measured on 100,000 grid points with
 * {@link Evaluation#errors}.
 */
final class InterimFitter {
    private InterimFitter() {
    }

    static Sources.FitOutcome fit(DoubleUnaryOperator f, RationalSpec spec, double lo, double hi, boolean minimax) {
        long t0 = System.nanoTime();
        int points = 2000;
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            // Chebyshev-like spacing: denser near the ends, where rational fits are hardest
            double t = Math.cos(Math.PI * (points - 1 - i + 0.5) / points);
            x[i] = lo + (hi - lo) * (t + 1) / 2;
            y[i] = f.applyAsDouble(x[i]);
        }
        int na = spec.numeratorLength();
        int nb = spec.denominatorLength();
        double[] p = start(spec.version(), x, y, na, nb);
        double[] w = new double[points];
        java.util.Arrays.fill(w, 1.0);
        int iterations = 0;
        iterations += levenbergMarquardt(spec.version(), x, y, w, p, na, 200);
        if (minimax) {
            for (int round = 0; round < 40; round++) {
                Cancellation.check();
                double sum = 0;
                for (int i = 0; i < points; i++) {
                    double e = Math.abs(value(spec.version(), p, na, x[i]) - y[i]);
                    w[i] *= e + 1e-300;
                    sum += w[i];
                }
                for (int i = 0; i < points; i++) {
                    w[i] = w[i] / sum * points;
                }
                iterations += levenbergMarquardt(spec.version(), x, y, w, p, na, 20);
            }
        }
        double[] a = java.util.Arrays.copyOfRange(p, 0, na);
        double[] b = java.util.Arrays.copyOfRange(p, na, na + nb);
        Coefficients c = Coefficients.of(spec, a, b);
        Evaluation.Errors err = Evaluation.errors(c, f, lo, hi, Evaluation.REFERENCE_POINTS);
        return new Sources.FitOutcome(c, err.maxError(), err.rmsError(), iterations,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static double value(Version v, double[] p, int na, double x) {
        double[] a = java.util.Arrays.copyOfRange(p, 0, na);
        double[] b = java.util.Arrays.copyOfRange(p, na, p.length);
        return Evaluation.value(v, a, b, x);
    }

    /** Linear least squares for P(x) - f(x) (Q(x) - 1) = f(x), with |x| powers for version A. */
    private static double[] start(Version v, double[] x, double[] y, int na, int nb) {
        int n = na + nb;
        double[][] ata = new double[n][n];
        double[] atb = new double[n];
        double[] row = new double[n];
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double pw = 1;
            for (int j = 0; j < na; j++) {
                row[j] = pw;
                pw *= xi;
            }
            for (int k = 0; k < nb; k++) {
                int power = v == Version.C ? k : k + 1;
                double base = v == Version.A ? Math.abs(xi) : xi;
                row[na + k] = -y[i] * Math.pow(base, power);
            }
            double rhs = v == Version.C ? 0.9 * y[i] : y[i];
            if (v == Version.C) {
                // Q = 0.1 + S: P - f S = 0.1 f
                rhs = 0.1 * y[i];
            }
            for (int r = 0; r < n; r++) {
                atb[r] += row[r] * rhs;
                for (int c = 0; c < n; c++) {
                    ata[r][c] += row[r] * row[c];
                }
            }
        }
        for (int r = 0; r < n; r++) {
            ata[r][r] += 1e-8 * (1 + ata[r][r]);
        }
        double[] p = solve(ata, atb);
        if (p == null) {
            p = new double[n];
            if (v == Version.C) {
                p[na] = 1;
            }
        }
        return p;
    }

    /** Levenberg-Marquardt on sum w_i (R(x_i) - y_i)^2; returns the iterations done. */
    private static int levenbergMarquardt(Version v, double[] x, double[] y, double[] w, double[] p, int na, int maxIter) {
        int n = p.length;
        int m = x.length;
        double lambda = 1e-3;
        double[] r = new double[m];
        double cost = residuals(v, x, y, w, p, na, r);
        double[][] jac = new double[m][n];
        int it;
        for (it = 0; it < maxIter; it++) {
            Cancellation.check();
            for (int j = 0; j < n; j++) {
                double h = 1e-7 * Math.max(1, Math.abs(p[j]));
                double old = p[j];
                double[] rp = new double[m];
                double[] rm = new double[m];
                p[j] = old + h;
                residuals(v, x, y, w, p, na, rp);
                p[j] = old - h;
                residuals(v, x, y, w, p, na, rm);
                p[j] = old;
                for (int i = 0; i < m; i++) {
                    jac[i][j] = (rp[i] - rm[i]) / (2 * h);
                }
            }
            double[][] jtj = new double[n][n];
            double[] jtr = new double[n];
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < n; a++) {
                    jtr[a] += jac[i][a] * r[i];
                    for (int b = 0; b < n; b++) {
                        jtj[a][b] += jac[i][a] * jac[i][b];
                    }
                }
            }
            boolean improved = false;
            for (int attempt = 0; attempt < 12; attempt++) {
                double[][] mtx = new double[n][n];
                for (int a = 0; a < n; a++) {
                    System.arraycopy(jtj[a], 0, mtx[a], 0, n);
                    mtx[a][a] += lambda * (jtj[a][a] + 1e-12);
                }
                double[] neg = new double[n];
                for (int a = 0; a < n; a++) {
                    neg[a] = -jtr[a];
                }
                double[] step = solve(mtx, neg);
                if (step != null) {
                    double[] trial = p.clone();
                    for (int a = 0; a < n; a++) {
                        trial[a] += step[a];
                    }
                    double[] rt = new double[m];
                    double c = residuals(v, x, y, w, trial, na, rt);
                    if (Double.isFinite(c) && c < cost) {
                        System.arraycopy(trial, 0, p, 0, n);
                        System.arraycopy(rt, 0, r, 0, m);
                        boolean converged = cost - c < 1e-15 * cost;
                        cost = c;
                        lambda = Math.max(lambda / 3, 1e-12);
                        improved = true;
                        if (converged) {
                            return it + 1;
                        }
                        break;
                    }
                }
                lambda *= 4;
            }
            if (!improved) {
                break;
            }
        }
        return it;
    }

    private static double residuals(Version v, double[] x, double[] y, double[] w, double[] p, int na, double[] out) {
        double[] a = java.util.Arrays.copyOfRange(p, 0, na);
        double[] b = java.util.Arrays.copyOfRange(p, na, p.length);
        double cost = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.sqrt(w[i]) * (Evaluation.value(v, a, b, x[i]) - y[i]);
            out[i] = e;
            cost += e * e;
        }
        return cost;
    }

    /** Gaussian elimination with partial pivoting; null when singular. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(m[piv][c]) < 1e-300) {
                return null;
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int r = c + 1; r < n; r++) {
                double fct = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= fct * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return x;
    }
}
