package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Many threads on one activation (which itself splits across the common pool) give one thread's bits. */
class ConcurrencyTest {

    @Test
    void concurrentCallersGetTheSingleThreadResults() throws Exception {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4).withGroups(1, 8);
        Coefficients coef = TestData.randomCoefficients(new Random(11), spec);
        Shape shape = Shape.of(9, 16, 1000); // 144000 elements: three blocks
        int size = (int) shape.size();
        Random r = new Random(12);
        float[] x = TestData.floats(r, size);
        float[] dy = TestData.floats(r, size);
        float[] wantY = new float[size];
        float[] wantDx = new float[size];
        Gradients wantG = new Gradients(spec);
        RationalActivation.builder(coef).backend("scalar").threads(1).build().forward(x, 0, wantY, 0, shape);
        RationalActivation.builder(coef).backend("scalar").threads(1).build().backward(x, 0, dy, 0, wantDx, 0, shape,
                wantG);
        for (String backend : TestBackends.available()) {
            RationalActivation act = RationalActivation.builder(coef).backend(backend).threads(3)
                    .parallelThreshold(50_000).build();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    results.add(callers.submit((Callable<String>) () -> {
                        for (int rep = 0; rep < 1; rep++) {
                            float[] y = new float[size];
                            float[] dx = new float[size];
                            Gradients g = new Gradients(spec);
                            act.forward(x, 0, y, 0, shape);
                            act.backward(x, 0, dy, 0, dx, 0, shape, g);
                            String d = TestData.firstDifference(wantY, y);
                            d = d != null ? d : TestData.firstDifference(wantDx, dx);
                            d = d != null ? d : TestData.firstDifference(wantG.numerator(), g.numerator());
                            d = d != null ? d : TestData.firstDifference(wantG.denominator(), g.denominator());
                            if (d != null) {
                                return backend + ": " + d;
                            }
                        }
                        return null;
                    }));
                }
                for (Future<String> f : results) {
                    assertNull(f.get());
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
