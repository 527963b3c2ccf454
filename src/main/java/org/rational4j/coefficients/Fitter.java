package org.rational4j.coefficients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;
import org.rational4j.Version;
import org.rational4j.internal.ScalarKernels;

/**
 * Fits the coefficients of a rational of a given version and degrees to a target function.
 *
 * <p>Least squares: Levenberg-Marquardt on the exact version formula (|.| included, sign(0) = +1),
 * analytic Jacobian in f64, each step solved by a Householder QR of the Jacobian followed by a small
 * QR of the damped system (no normal equations), Moré's column scaling, damping divided by 3 after
 * a successful step and multiplied by 4 after a failed one; a run stops when the cost stops
 * decreasing (relative gain below 1e-10 three times) or the damping exceeds 1e12. Starts: the
 * linearised problem P(x) - f(x) (Q(x) - q0) = q0 f(x), refined by two Sanathanan-Koerner
 * reweightings, its conversions to the other versions' denominators, and then {@code restarts}
 * random perturbations of the best point so far (seeded: fits are deterministic). Iterations run on
 * a subset of the grid (every k-th point, about 2,000), the best point is polished (10 iterations)
 * on about 20,000,
 * and the errors are reported on the full grid.
 *
 * <p>Minimax: from the least-squares fit, Lawson's algorithm: weighted least squares with weights
 * w_i multiplied by |r_i| after every solve (each solve four warm-started LM iterations, on about 4,000
 * grid points), 60 steps, keeping the iterate with the smallest maximum error on the full grid
 * (checked for the best iterate of every 10 steps).
 */
public final class Fitter {
    private static final int INNER_POINTS = 2000;
    private static final int POLISH_POINTS = 20000;
    private static final double STALL = 1e-10;
    private static final int START_ITERATIONS = 120;
    private static final int RESTART_ITERATIONS = 80;
    private static final int LAWSON_POINTS = 4000;
    private static final int LAWSON_STEPS = 60;

    private Fitter() {
    }

    /** Runs a fit. */
    public static FitResult fit(FitRequest req) {
        long t0 = System.nanoTime();
        RationalSpec spec = req.spec();
        Grid full = Grid.of(req.target(), req.lower(), req.upper(), req.points(), 1);
        Grid inner = Grid.of(req.target(), req.lower(), req.upper(), req.points(),
                Math.max(1, req.points() / INNER_POINTS));
        Problem pb = new Problem(spec);
        int[] iterations = {0};

        // deterministic starts
        List<double[]> starts = linearStarts(pb, inner);
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double[] s : starts) {
            double[] th = pb.levenbergMarquardt(inner, null, s, START_ITERATIONS, iterations);
            double c = pb.cost(full, null, th);
            if (c < bestCost) {
                bestCost = c;
                best = th;
            }
        }
        // random restarts around the best
        Random rnd = new Random(req.seed());
        for (int r = 0; r < req.restarts(); r++) {
            double[] s = best.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] = s[i] * (1 + 0.3 * rnd.nextGaussian()) + 0.05 * rnd.nextGaussian();
            }
            double[] th = pb.levenbergMarquardt(inner, null, s, RESTART_ITERATIONS, iterations);
            double c = pb.cost(full, null, th);
            if (c < bestCost) {
                bestCost = c;
                best = th;
            }
        }
        // polish on a finer subset (candidates were compared on the full grid)
        Grid polish = Grid.of(req.target(), req.lower(), req.upper(), req.points(),
                Math.max(1, req.points() / POLISH_POINTS));
        if (polish.x.length > inner.x.length) {
            best = pb.levenbergMarquardt(polish, null, best, 10, iterations);
        }
        best = snap(pb, full, best);
        if (req.mode() == FitMode.MINIMAX) {
            best = lawson(pb, req, full, best, iterations);
        }
        Coefficients c = pb.coefficients(best);
        Evaluation.Errors e = Evaluation.errors(c, req.target(), req.lower(), req.upper(), req.points());
        return new FitResult(c, e.maxError(), e.rmsError(), iterations[0], (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Rounds the coefficients to 30 significant bits and zeroes those below 1e-12 of the largest;
     * keeps the result only when its RMS error on the full grid is not larger. Turns an identity fit
     * into exactly (0, 1, 0, ...) / (1 + 0).
     */
    private static double[] snap(Problem pb, Grid full, double[] th) {
        double max = 0;
        for (double t : th) {
            max = Math.max(max, Math.abs(t));
        }
        double[] s = new double[th.length];
        for (int i = 0; i < th.length; i++) {
            if (Math.abs(th[i]) < 1e-12 * max) {
                s[i] = 0;
            } else {
                int e = Math.getExponent(th[i]);
                double q = Math.scalb(1.0, e - 30);
                s[i] = Math.rint(th[i] / q) * q;
            }
        }
        return pb.cost(full, null, s) <= pb.cost(full, null, th) ? s : th;
    }

    private static double[] lawson(Problem pb, FitRequest req, Grid full, double[] start, int[] iterations) {
        Grid g = Grid.of(req.target(), req.lower(), req.upper(), req.points(),
                Math.max(1, req.points() / LAWSON_POINTS));
        int n = g.x.length;
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        double[] th = start.clone();
        double[] r = new double[n];
        // candidates by their max error on the Lawson grid; the best few are checked on the full grid
        double[] best = th.clone();
        double bestMax = pb.maxError(full, best);
        double[] bestInner = null;
        double bestInnerMax = Double.POSITIVE_INFINITY;
        for (int it = 0; it < LAWSON_STEPS; it++) {
            pb.residuals(g, th, r);
            double sum = 0;
            double wmax = 0;
            for (int i = 0; i < n; i++) {
                w[i] *= Math.abs(r[i]);
                sum += w[i];
            }
            if (!(sum > 0)) {
                break;
            }
            for (int i = 0; i < n; i++) {
                w[i] /= sum;
                wmax = Math.max(wmax, w[i]);
            }
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], 1e-14 * wmax);
            }
            th = pb.levenbergMarquardt(g, w, th, 4, iterations);
            double mx = pb.maxError(g, th);
            if (mx < bestInnerMax) {
                bestInnerMax = mx;
                bestInner = th.clone();
            }
            if ((it + 1) % 10 == 0 && bestInner != null) {
                double fm = pb.maxError(full, bestInner);
                if (fm < bestMax) {
                    bestMax = fm;
                    best = bestInner;
                }
                bestInner = null;
                bestInnerMax = Double.POSITIVE_INFINITY;
            }
        }
        if (bestInner != null && pb.maxError(full, bestInner) < bestMax) {
            best = bestInner;
        }
        return best;
    }

    /** Linearised starts: N-form with two Sanathanan-Koerner steps, converted to the version. */
    private static List<double[]> linearStarts(Problem pb, Grid g) {
        int m = pb.m;
        int n = pb.v.denominatorDegree(pb.nb);
        List<double[]> out = new ArrayList<>();
        // N form: P - f (Q - 1) = f, Q = 1 + sum b_k x^(k+1)
        double[] nForm = null;
        double[] weight = new double[g.x.length];
        Arrays.fill(weight, 1.0);
        for (int sk = 0; sk < 3 && n >= 1; sk++) {
            double[] sol = linearised(g, m, n, weight, x -> x, x -> x, 1);
            if (sol == null) {
                break;
            }
            nForm = sol;
            for (int i = 0; i < g.x.length; i++) {
                double q = 1;
                double p = g.x[i];
                for (int k = 0; k < n; k++) {
                    q += sol[m + 1 + k] * p;
                    p *= g.x[i];
                }
                weight[i] = Math.abs(q) > 1e-3 ? 1 / Math.abs(q) : 1e3;
            }
        }
        if (pb.v == Version.A) {
            // A form: basis |x|^(k+1)
            double[] sol = linearised(g, m, n, null, Math::abs, Math::abs, 1);
            if (sol != null) {
                out.add(sol);
            }
            if (nForm != null) {
                double[] s = nForm.clone();
                for (int k = 0; k < n; k++) {
                    s[m + 1 + k] = Math.abs(s[m + 1 + k]);
                }
                out.add(s);
            }
        } else if (pb.v == Version.C) {
            // C form: P - f S = 0.1 f, S = sum b_k x^k
            double[] sol = linearised(g, m, n + 1, null, x -> 1, x -> x, 0.1);
            if (sol != null) {
                out.add(sol);
            }
            if (nForm != null) {
                // 0.1 + |0.9 + sum b_k x^(k+1)| = 1 + S_N where S_N > -0.9
                double[] s = new double[m + 1 + n + 1];
                System.arraycopy(nForm, 0, s, 0, m + 1);
                s[m + 1] = 0.9;
                for (int k = 0; k < n; k++) {
                    s[m + 2 + k] = nForm[m + 1 + k];
                }
                out.add(s);
            }
        } else if (nForm != null) {
            out.add(nForm);
        }
        if (out.isEmpty()) {
            // degenerate target: start from the identity-free zero rational
            double[] s = new double[pb.m + 1 + pb.nb];
            if (pb.v == Version.C) {
                s[pb.m + 1] = 0.9;
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The weighted least-squares solution of the linearised fit {@code P(x) - f B(x) = scale f} on
     * the grid: P's m + 1 coefficients, then B's {@code terms}, where B's k-th term is
     * {@code first(x) * step(x)^k}; null when the system is singular. {@code weight} null means 1.
     */
    private static double[] linearised(Grid g, int m, int terms, double[] weight, DoubleUnaryOperator first,
            DoubleUnaryOperator step, double scale) {
        double[][] cols = new double[m + 1 + terms][g.x.length];
        double[] rhs = new double[g.x.length];
        for (int i = 0; i < g.x.length; i++) {
            double x = g.x[i];
            double f = g.y[i];
            double w = weight == null ? 1 : weight[i];
            double p = 1;
            for (int j = 0; j <= m; j++) {
                cols[j][i] = p * w;
                p *= x;
            }
            p = first.applyAsDouble(x);
            double s = step.applyAsDouble(x);
            for (int k = 0; k < terms; k++) {
                cols[m + 1 + k][i] = -f * p * w;
                p *= s;
            }
            rhs[i] = scale * f * w;
        }
        return HouseholderQr.solve(cols, rhs, 1e-13);
    }

    /** Grid points with target values: every {@code stride}-th point of the full grid. */
    static final class Grid {
        final double[] x;
        final double[] y;

        private Grid(double[] x, double[] y) {
            this.x = x;
            this.y = y;
        }

        static Grid of(DoubleUnaryOperator f, double lower, double upper, int points, int stride) {
            int n = (points + stride - 1) / stride;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = Evaluation.gridPoint(lower, upper, points, j * stride);
                y[j] = f.applyAsDouble(x[j]);
            }
            return new Grid(x, y);
        }
    }

    /** The residuals, Jacobian and Levenberg-Marquardt iteration of one version and degrees. */
    static final class Problem {
        /** The spec the fit is for (its version may be D), and the formula its version evaluates. */
        final RationalSpec spec;
        final Version v;
        final int m;
        final int n;
        final int nb;
        final int p;

        /** The fit's result keeps the version and degrees of {@code request}, with the default options. */
        Problem(RationalSpec request) {
            this.m = request.numeratorDegree();
            this.n = request.denominatorDegree();
            this.nb = request.denominatorLength();
            this.p = m + 1 + nb;
            this.spec = RationalSpec.of(request.version(), m, n);
            this.v = request.version().formula();
        }

        Coefficients coefficients(double[] th) {
            return Coefficients.of(spec, Arrays.copyOfRange(th, 0, m + 1), Arrays.copyOfRange(th, m + 1, p));
        }

        /** R(x) in the contract's operation order (the kernels' f64 code). */
        double value(double[] th, double x) {
            return ScalarKernels.forward(v, x, th, 0, m, th, m + 1, n);
        }

        /** Q(x) in the contract's operation order. */
        double denominator(double[] th, double x) {
            return ScalarKernels.denominator(v, x, th, m + 1, n);
        }

        void residuals(Grid g, double[] th, double[] r) {
            for (int i = 0; i < g.x.length; i++) {
                r[i] = value(th, g.x[i]) - g.y[i];
            }
        }

        double cost(Grid g, double[] w, double[] th) {
            double s = 0;
            for (int i = 0; i < g.x.length; i++) {
                double r = value(th, g.x[i]) - g.y[i];
                s += (w == null ? 1 : w[i]) * r * r;
            }
            return s == s ? s : Double.POSITIVE_INFINITY;
        }

        double maxError(Grid g, double[] th) {
            double mx = 0;
            for (int i = 0; i < g.x.length; i++) {
                double e = Math.abs(value(th, g.x[i]) - g.y[i]);
                if (!(e <= Double.MAX_VALUE)) {
                    return Double.POSITIVE_INFINITY;
                }
                mx = Math.max(mx, e);
            }
            return mx;
        }

        /**
         * Jacobian columns (weighted by sqrt(w)) and the weighted residuals. The derivatives are the
         * kernels' backward with incoming gradient sqrt(w) (sign(0) = +1), one point at a time; version
         * A's |b_k| contributes sign(b_k) here, as the gradient reduction does (contract 4.3).
         */
        void jacobian(Grid g, double[] w, double[] th, double[][] jac, double[] r) {
            int o = m + 1;
            double[] accN = new double[16 * (m + 1)];
            double[] accD = new double[16 * nb];
            for (int i = 0; i < g.x.length; i++) {
                double x = g.x[i];
                double sw = w == null ? 1 : Math.sqrt(w[i]);
                Arrays.fill(accN, 0.0);
                Arrays.fill(accD, 0.0);
                ScalarKernels.backward(v, 1.0, x, sw, th, 0, m, th, o, n, accN, 0, accD, 0);
                r[i] = sw * (value(th, x) - g.y[i]);
                for (int k = 0; k <= m; k++) {
                    jac[k][i] = accN[16 * k];
                }
                for (int k = 0; k < nb; k++) {
                    double d = accD[16 * k];
                    jac[o + k][i] = v == Version.A && th[o + k] < 0 ? -d : d;
                }
            }
        }

        /** Levenberg-Marquardt from {@code start}; returns the best point found. */
        double[] levenbergMarquardt(Grid g, double[] w, double[] start, int maxIter, int[] iterations) {
            int n = g.x.length;
            double[][] jac = new double[p][n];
            double[] r = new double[n];
            double[] th = start.clone();
            double cost = cost(g, w, th);
            if (!Double.isFinite(cost)) {
                return th;
            }
            // (no early stop on a small cost: on the subset grid a fit can be exact while it is not
            // between the points, e.g. a version C denominator touching zero)
            double floor = 0;
            double[] diag = new double[p];
            double lambda = 1e-3;
            int stall = 0;
            double[] trial = new double[p];
            for (int it = 0; it < maxIter; it++) {
                iterations[0]++;
                jacobian(g, w, th, jac, r);
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += jac[j][i] * jac[j][i];
                    }
                    diag[j] = Math.max(diag[j], Math.sqrt(s));
                }
                double[][] rr = new double[p][p];
                double[] qtr = new double[p];
                HouseholderQr.qr(jac, r, rr, qtr);
                boolean accepted = false;
                while (lambda < 1e12) {
                    double[] step = HouseholderQr.dampedStep(rr, qtr, diag, lambda);
                    for (int j = 0; j < p; j++) {
                        trial[j] = th[j] - step[j];
                    }
                    double c = cost(g, w, trial);
                    if (c < cost) {
                        double gain = (cost - c) / cost;
                        System.arraycopy(trial, 0, th, 0, p);
                        cost = c;
                        lambda = Math.max(lambda / 3, 1e-12);
                        accepted = true;
                        stall = gain < STALL ? stall + 1 : 0;
                        break;
                    }
                    lambda *= 4;
                }
                if (!accepted || stall >= 3 || cost <= floor) {
                    break;
                }
            }
            return th;
        }
    }
}
