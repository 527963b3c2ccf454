package org.rational4j.coefficients;

/**
 * Small dense linear algebra for {@link Fitter}: Householder QR and damped least-squares steps
 * (no normal equations).
 */
final class HouseholderQr {
    private HouseholderQr() {
    }

    /**
     * Householder QR of the columns {@code a} (destroyed); writes R (upper triangle) and Q^T b
     * (first p entries; b destroyed).
     */
    static void qr(double[][] a, double[] b, double[][] rOut, double[] qtb) {
        int p = a.length;
        int n = b.length;
        for (int j = 0; j < p; j++) {
            double[] cj = a[j];
            double norm = 0;
            for (int i = j; i < n; i++) {
                norm += cj[i] * cj[i];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                for (int k = j; k < p; k++) {
                    rOut[j][k] = a[k][j];
                }
                qtb[j] = b[j];
                continue;
            }
            double alpha = cj[j] > 0 ? -norm : norm;
            cj[j] -= alpha; // v = cj[j..]
            double vnorm2 = 0;
            for (int i = j; i < n; i++) {
                vnorm2 += cj[i] * cj[i];
            }
            for (int k = j + 1; k < p; k++) {
                double[] ck = a[k];
                double dot = 0;
                for (int i = j; i < n; i++) {
                    dot += cj[i] * ck[i];
                }
                double f = 2 * dot / vnorm2;
                for (int i = j; i < n; i++) {
                    ck[i] -= f * cj[i];
                }
            }
            double dot = 0;
            for (int i = j; i < n; i++) {
                dot += cj[i] * b[i];
            }
            double f = 2 * dot / vnorm2;
            for (int i = j; i < n; i++) {
                b[i] -= f * cj[i];
            }
            rOut[j][j] = alpha;
            for (int k = j + 1; k < p; k++) {
                rOut[j][k] = a[k][j];
            }
            qtb[j] = b[j];
        }
    }

    /** The step d minimising |R d - qtb|^2 + lambda |D d|^2 (QR of the stacked 2p x p system). */
    static double[] dampedStep(double[][] r, double[] qtb, double[] diag, double lambda) {
        int p = qtb.length;
        double[][] cols = new double[p][2 * p];
        double[] rhs = new double[2 * p];
        double sl = Math.sqrt(lambda);
        for (int j = 0; j < p; j++) {
            for (int i = 0; i <= j; i++) {
                cols[j][i] = r[i][j];
            }
            cols[j][p + j] = sl * Math.max(diag[j], 1e-300);
            rhs[j] = qtb[j];
        }
        double[][] r2 = new double[p][p];
        double[] q2 = new double[p];
        qr(cols, rhs, r2, q2);
        double[] d = new double[p];
        for (int j = p - 1; j >= 0; j--) {
            double s = q2[j];
            for (int k = j + 1; k < p; k++) {
                s -= r2[j][k] * d[k];
            }
            d[j] = r2[j][j] == 0 ? 0 : s / r2[j][j];
        }
        return d;
    }

    /** Least squares of columns {@code cols} against {@code rhs} with a tiny relative ridge; null on failure. */
    static double[] solve(double[][] cols, double[] rhs, double ridge) {
        int p = cols.length;
        double[] diag = new double[p];
        double[][] a = new double[p][];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (double v : cols[j]) {
                s += v * v;
            }
            diag[j] = Math.sqrt(s);
            a[j] = cols[j].clone();
        }
        double[][] r = new double[p][p];
        double[] qtb = new double[p];
        qr(a, rhs.clone(), r, qtb);
        double[] d = dampedStep(r, qtb, diag, ridge);
        for (double v : d) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return d;
    }
}
