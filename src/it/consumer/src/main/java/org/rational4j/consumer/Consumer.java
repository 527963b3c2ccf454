package org.rational4j.consumer;

import java.util.Arrays;
import org.rational4j.RationalActivation;
import org.rational4j.coefficients.Builtins;

/** What a user writes first: the default activation, one forward call, and which backend ran it. */
public final class Consumer {
    private Consumer() {
    }

    public static void main(String[] args) {
        RationalActivation act = RationalActivation.of(Builtins.defaultActivation().coefficients());
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 2048) / 512f;
        }
        float[] y = new float[x.length];
        act.forward(x, y);
        System.out.println("BACKEND " + act.backendDescription());
        System.out.println("Y " + Arrays.hashCode(y) + " " + y[0] + " " + y[2048] + " " + y[4095]);
    }
}
