package org.rational4j.cli;

import java.util.ArrayList;
import java.util.List;

/** Adam (Kingma and Ba) over a list of parameter blocks held in double arrays. */
final class Adam {
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps = 1e-8;
    private final List<double[]> params = new ArrayList<>();
    private final List<double[]> grads = new ArrayList<>();
    private final List<double[]> m = new ArrayList<>();
    private final List<double[]> v = new ArrayList<>();
    private int t;

    /** Registers a block (values and gradients are live arrays of the same length). */
    void add(double[] values, double[] gradients) {
        if (values.length != gradients.length) {
            throw new IllegalArgumentException("values and gradients differ in length");
        }
        params.add(values);
        grads.add(gradients);
        m.add(new double[values.length]);
        v.add(new double[values.length]);
    }

    /** One step with learning rate {@code lr}; the gradients are then left for the caller to zero. */
    void step(double lr) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int b = 0; b < params.size(); b++) {
            double[] p = params.get(b);
            double[] g = grads.get(b);
            double[] mb = m.get(b);
            double[] vb = v.get(b);
            for (int i = 0; i < p.length; i++) {
                mb[i] = beta1 * mb[i] + (1 - beta1) * g[i];
                vb[i] = beta2 * vb[i] + (1 - beta2) * g[i] * g[i];
                p[i] -= lr * (mb[i] / c1) / (Math.sqrt(vb[i] / c2) + eps);
            }
        }
    }
}
