package org.rational4j.internal;

import org.rational4j.Version;

/**
 * The per-element operation sequences of docs/contract.md sections 2 and 3, in f32 and f64, in
 * plain Java ({@link Math#fma}, true division, no reassociation). The readable reference: the
 * scalar backend runs them on every element, the vector backend on its tails. Internal.
 *
 * <p>Coefficients are read from {@code a[ao .. ao + m]} and {@code b[bo .. bo + nb - 1]};
 * {@code n} is the denominator degree. Backward adds the element's gradient contributions into the
 * lane accumulators {@code accN[nBase + 16 * i]} and {@code accD[dBase + 16 * k]} (section 4: one
 * accumulator per slot and lane, slots 16 apart).
 */
public final class ScalarKernels {
    private ScalarKernels() {
    }

    /** sign(v): -1, +1, {@code sgn0} at +-0, +1 for NaN. */
    public static float sign(float v, float sgn0) {
        return v < 0 ? -1f : v > 0 ? 1f : v == 0 ? sgn0 : 1f;
    }

    public static double sign(double v, double sgn0) {
        return v < 0 ? -1.0 : v > 0 ? 1.0 : v == 0 ? sgn0 : 1.0;
    }

    // ---------------------------------------------------------------- f32

    public static float forward(Version v, float x, float[] a, int ao, int m, float[] b, int bo, int n) {
        float p = a[ao + m];
        for (int i = m - 1; i >= 0; i--) {
            p = Math.fma(p, x, a[ao + i]);
        }
        float q;
        switch (v) {
            case A: {
                float ax = Math.abs(x);
                q = Math.abs(b[bo + n - 1]);
                for (int k = n - 2; k >= 0; k--) {
                    q = Math.fma(q, ax, Math.abs(b[bo + k]));
                }
                q = Math.fma(q, ax, 1f);
                break;
            }
            case B: {
                float s = b[bo + n - 1];
                for (int k = n - 2; k >= 0; k--) {
                    s = Math.fma(s, x, b[bo + k]);
                }
                s = s * x;
                q = 1f + Math.abs(s);
                break;
            }
            case C: {
                float s = b[bo + n];
                for (int k = n - 1; k >= 0; k--) {
                    s = Math.fma(s, x, b[bo + k]);
                }
                q = 0.1f + Math.abs(s);
                break;
            }
            default: {
                q = b[bo + n - 1];
                for (int k = n - 2; k >= 0; k--) {
                    q = Math.fma(q, x, b[bo + k]);
                }
                q = Math.fma(q, x, 1f);
                break;
            }
        }
        return p / q;
    }

    /** One element of the fused backward: returns dx, accumulates the coefficient contributions. */
    public static float backward(Version v, float sgn0, float x, float g, float[] a, int ao, int m,
            float[] b, int bo, int n, float[] accN, int nBase, float[] accD, int dBase) {
        float p = a[ao + m];
        float dp = 0f;
        for (int i = m - 1; i >= 0; i--) {
            dp = Math.fma(dp, x, p);
            p = Math.fma(p, x, a[ao + i]);
        }
        float q;
        float dq;
        float sg = 1f;
        switch (v) {
            case A: {
                float ax = Math.abs(x);
                q = Math.abs(b[bo + n - 1]);
                dq = 0f;
                for (int k = n - 2; k >= 0; k--) {
                    dq = Math.fma(dq, ax, q);
                    q = Math.fma(q, ax, Math.abs(b[bo + k]));
                }
                dq = Math.fma(dq, ax, q);
                q = Math.fma(q, ax, 1f);
                dq = sign(x, sgn0) * dq;
                break;
            }
            case B: {
                float s = b[bo + n - 1];
                float ds = 0f;
                for (int k = n - 2; k >= 0; k--) {
                    ds = Math.fma(ds, x, s);
                    s = Math.fma(s, x, b[bo + k]);
                }
                ds = Math.fma(ds, x, s);
                s = s * x;
                q = 1f + Math.abs(s);
                sg = sign(s, sgn0);
                dq = sg * ds;
                break;
            }
            case C: {
                float s = b[bo + n];
                float ds = 0f;
                for (int k = n - 1; k >= 0; k--) {
                    ds = Math.fma(ds, x, s);
                    s = Math.fma(s, x, b[bo + k]);
                }
                q = 0.1f + Math.abs(s);
                sg = sign(s, sgn0);
                dq = sg * ds;
                break;
            }
            default: {
                q = b[bo + n - 1];
                dq = 0f;
                for (int k = n - 2; k >= 0; k--) {
                    dq = Math.fma(dq, x, q);
                    q = Math.fma(q, x, b[bo + k]);
                }
                dq = Math.fma(dq, x, q);
                q = Math.fma(q, x, 1f);
                break;
            }
        }
        float y = p / q;
        float t = g / q;
        float dx = t * Math.fma(-y, dq, dp);
        float u = t * y;
        float w = (v == Version.A || v == Version.N) ? -u : -(u * sg);

        float pw = 1f;
        for (int i = 0; i <= m; i++) {
            int at = nBase + 16 * i;
            accN[at] = Math.fma(t, pw, accN[at]);
            pw = pw * x;
        }
        int nb = v.denominatorLength(n);
        float base = v == Version.A ? Math.abs(x) : x;
        pw = v == Version.C ? 1f : base;
        for (int k = 0; k < nb; k++) {
            int at = dBase + 16 * k;
            accD[at] = Math.fma(w, pw, accD[at]);
            pw = pw * base;
        }
        return dx;
    }

    // ---------------------------------------------------------------- f64

    public static double forward(Version v, double x, double[] a, int ao, int m, double[] b, int bo, int n) {
        double p = a[ao + m];
        for (int i = m - 1; i >= 0; i--) {
            p = Math.fma(p, x, a[ao + i]);
        }
        double q;
        switch (v) {
            case A: {
                double ax = Math.abs(x);
                q = Math.abs(b[bo + n - 1]);
                for (int k = n - 2; k >= 0; k--) {
                    q = Math.fma(q, ax, Math.abs(b[bo + k]));
                }
                q = Math.fma(q, ax, 1.0);
                break;
            }
            case B: {
                double s = b[bo + n - 1];
                for (int k = n - 2; k >= 0; k--) {
                    s = Math.fma(s, x, b[bo + k]);
                }
                s = s * x;
                q = 1.0 + Math.abs(s);
                break;
            }
            case C: {
                double s = b[bo + n];
                for (int k = n - 1; k >= 0; k--) {
                    s = Math.fma(s, x, b[bo + k]);
                }
                q = 0.1 + Math.abs(s);
                break;
            }
            default: {
                q = b[bo + n - 1];
                for (int k = n - 2; k >= 0; k--) {
                    q = Math.fma(q, x, b[bo + k]);
                }
                q = Math.fma(q, x, 1.0);
                break;
            }
        }
        return p / q;
    }

    public static double backward(Version v, double sgn0, double x, double g, double[] a, int ao, int m,
            double[] b, int bo, int n, double[] accN, int nBase, double[] accD, int dBase) {
        double p = a[ao + m];
        double dp = 0.0;
        for (int i = m - 1; i >= 0; i--) {
            dp = Math.fma(dp, x, p);
            p = Math.fma(p, x, a[ao + i]);
        }
        double q;
        double dq;
        double sg = 1.0;
        switch (v) {
            case A: {
                double ax = Math.abs(x);
                q = Math.abs(b[bo + n - 1]);
                dq = 0.0;
                for (int k = n - 2; k >= 0; k--) {
                    dq = Math.fma(dq, ax, q);
                    q = Math.fma(q, ax, Math.abs(b[bo + k]));
                }
                dq = Math.fma(dq, ax, q);
                q = Math.fma(q, ax, 1.0);
                dq = sign(x, sgn0) * dq;
                break;
            }
            case B: {
                double s = b[bo + n - 1];
                double ds = 0.0;
                for (int k = n - 2; k >= 0; k--) {
                    ds = Math.fma(ds, x, s);
                    s = Math.fma(s, x, b[bo + k]);
                }
                ds = Math.fma(ds, x, s);
                s = s * x;
                q = 1.0 + Math.abs(s);
                sg = sign(s, sgn0);
                dq = sg * ds;
                break;
            }
            case C: {
                double s = b[bo + n];
                double ds = 0.0;
                for (int k = n - 1; k >= 0; k--) {
                    ds = Math.fma(ds, x, s);
                    s = Math.fma(s, x, b[bo + k]);
                }
                q = 0.1 + Math.abs(s);
                sg = sign(s, sgn0);
                dq = sg * ds;
                break;
            }
            default: {
                q = b[bo + n - 1];
                dq = 0.0;
                for (int k = n - 2; k >= 0; k--) {
                    dq = Math.fma(dq, x, q);
                    q = Math.fma(q, x, b[bo + k]);
                }
                dq = Math.fma(dq, x, q);
                q = Math.fma(q, x, 1.0);
                break;
            }
        }
        double y = p / q;
        double t = g / q;
        double dx = t * Math.fma(-y, dq, dp);
        double u = t * y;
        double w = (v == Version.A || v == Version.N) ? -u : -(u * sg);

        double pw = 1.0;
        for (int i = 0; i <= m; i++) {
            int at = nBase + 16 * i;
            accN[at] = Math.fma(t, pw, accN[at]);
            pw = pw * x;
        }
        int nb = v.denominatorLength(n);
        double base = v == Version.A ? Math.abs(x) : x;
        pw = v == Version.C ? 1.0 : base;
        for (int k = 0; k < nb; k++) {
            int at = dBase + 16 * k;
            accD[at] = Math.fma(w, pw, accD[at]);
            pw = pw * base;
        }
        return dx;
    }
}
