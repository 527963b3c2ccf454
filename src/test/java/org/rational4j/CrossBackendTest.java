package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bit-for-bit equality of forward, dx and the coefficient gradients across every available
 * backend, thread count and parallel threshold, against the scalar backend on one thread.
 */
class CrossBackendTest {
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** One random problem. */
    static final class Case {
        final RationalSpec spec;
        final Shape shape;
        final DType dtype;
        final long seed;
        /** Version D: the training step's noise, or null (D without noise is B). */
        TrainingNoise noise;

        Case(RationalSpec spec, Shape shape, DType dtype, long seed) {
            this.spec = spec;
            this.shape = shape;
            this.dtype = dtype;
            this.seed = seed;
        }

        Case withNoise(TrainingNoise n) {
            this.noise = n;
            return this;
        }

        @Override
        public String toString() {
            return dtype + " " + spec + " " + shape + (noise == null ? "" : " " + noise);
        }
    }

    static Stream<Case> cases() {
        Random r = new Random(20240611);
        int[][] degrees = {{0, 1}, {5, 4}, {3, 2}, {16, 16}, {7, 6}, {1, 16}, {16, 1}};
        List<Case> out = new ArrayList<>();
        DType[] types = DType.values();
        Version[] versions = Version.values();
        for (int c = 0; c < 48; c++) {
            Version v = versions[c % 4];
            int[] d = degrees[r.nextInt(degrees.length)];
            int n = v == Version.C && r.nextInt(4) == 0 ? 0 : d[1];
            long channels;
            int ng;
            int dg;
            switch ((c / 4) % 3) {
                case 0:
                    channels = 1 + r.nextInt(5);
                    ng = 1;
                    dg = 1;
                    break;
                case 1:
                    channels = 8 * (1 + r.nextInt(5));
                    ng = 1;
                    dg = 8;
                    break;
                default:
                    channels = 1 + r.nextInt(40);
                    ng = (int) channels;
                    dg = (int) channels;
                    break;
            }
            long inner = r.nextBoolean() ? 1 : 1 + r.nextInt(40);
            long target = (c % 9 == 5) ? 140_000 + r.nextInt(1000) : 1 + r.nextInt(c % 2 == 0 ? 100 : 5000);
            long outer = Math.max(1, target / (channels * inner));
            RationalSpec spec = RationalSpec.of(v, d[0], n).withGroups(ng, dg);
            if (r.nextInt(3) == 0) {
                spec = spec.withSignAtZero(SignAtZero.ZERO);
            }
            out.add(new Case(spec, Shape.of(outer, channels, inner), types[c % 4 == 0 ? (c / 4) % 4 : r.nextInt(4)],
                    r.nextLong()));
        }
        // per-channel groups whose period (channels * inner) is too long for the vector backend's lane tables
        out.add(new Case(RationalSpec.of(Version.A, 5, 4).withGroups(300, 300), Shape.of(2, 300, 30), DType.F32, 1));
        out.add(new Case(RationalSpec.of(Version.B, 3, 2).withGroups(300, 100), Shape.of(1, 300, 31), DType.BF16, 2));
        out.add(new Case(RationalSpec.of(Version.C, 2, 2).withGroups(64, 64), Shape.of(70, 64, 1), DType.F64, 3));
        // version D: training steps (noised numerator, gradients through the noise) and plain (= B)
        TrainingNoise noise = TrainingNoise.reference(42);
        out.add(new Case(RationalSpec.of(Version.D, 5, 4), Shape.flat(4099), DType.F32, 4).withNoise(noise));
        out.add(new Case(RationalSpec.of(Version.D, 5, 4), Shape.flat(141_000), DType.F32, 5).withNoise(noise));
        out.add(new Case(RationalSpec.of(Version.D, 3, 2).withGroups(8, 8), Shape.of(3, 8, 33), DType.BF16, 6)
                .withNoise(TrainingNoise.of(0.3, 7)));
        out.add(new Case(RationalSpec.of(Version.D, 7, 6).withGroups(4, 2), Shape.of(900, 4, 1), DType.F16, 7)
                .withNoise(noise));
        out.add(new Case(RationalSpec.of(Version.D, 5, 4).withSignAtZero(SignAtZero.ZERO), Shape.flat(2000),
                DType.F64, 8).withNoise(noise));
        out.add(new Case(RationalSpec.of(Version.D, 5, 4), Shape.flat(3000), DType.F32, 9));
        return out.stream();
    }

    /** Backend name, threads, threshold. */
    static List<Object[]> configs() {
        List<Object[]> out = new ArrayList<>();
        for (String b : TestBackends.available()) {
            out.add(new Object[] {b, 1, Long.MAX_VALUE});
            out.add(new Object[] {b, 2, 0L});
            out.add(new Object[] {b, 3, 0L});
            out.add(new Object[] {b, 3, 70_000L});
        }
        out.add(new Object[] {"auto", 3, 0L});
        return out;
    }

    static Stream<Arguments> arguments() {
        return cases().map(Arguments::of);
    }

    /** Results of one run. */
    static final class Result {
        Object y;
        Object dx;
        double[] gn;
        double[] gd;
    }

    private static Result run(Case c, Coefficients coef, RationalActivation act, int offset) {
        Random r = new Random(c.seed);
        int size = (int) c.shape.size();
        Result res = new Result();
        Gradients g = new Gradients(c.spec);
        // start from non-zero gradients: backward adds
        for (int i = 0; i < g.numerator().length; i++) {
            g.numerator()[i] = 0.25 * i;
        }
        for (int i = 0; i < g.denominator().length; i++) {
            g.denominator()[i] = -0.5 * i;
        }
        switch (c.dtype) {
            case F32: {
                float[] x = pad(TestData.floats(r, size), offset);
                float[] dy = pad(TestData.floats(r, size), offset);
                float[] y = new float[size + offset];
                float[] dx = new float[size + offset];
                act.forward(x, offset, y, offset, c.shape);
                act.backward(x, offset, dy, offset, dx, offset, c.shape, g);
                res.y = y;
                res.dx = dx;
                break;
            }
            case F64: {
                double[] x = pad(TestData.doubles(r, size), offset);
                double[] dy = pad(TestData.doubles(r, size), offset);
                double[] y = new double[size + offset];
                double[] dx = new double[size + offset];
                act.forward(x, offset, y, offset, c.shape);
                act.backward(x, offset, dy, offset, dx, offset, c.shape, g);
                res.y = y;
                res.dx = dx;
                break;
            }
            default: {
                short[] x = pad(TestData.halves(r, size, c.dtype), offset);
                short[] dy = pad(TestData.halves(r, size, c.dtype), offset);
                short[] y = new short[size + offset];
                short[] dx = new short[size + offset];
                act.forward(x, offset, y, offset, c.shape, c.dtype);
                act.backward(x, offset, dy, offset, dx, offset, c.shape, c.dtype, g);
                res.y = y;
                res.dx = dx;
                break;
            }
        }
        res.gn = g.numerator().clone();
        res.gd = g.denominator().clone();
        return res;
    }

    private static float[] pad(float[] a, int offset) {
        float[] out = new float[a.length + offset];
        System.arraycopy(a, 0, out, offset, a.length);
        return out;
    }

    private static double[] pad(double[] a, int offset) {
        double[] out = new double[a.length + offset];
        System.arraycopy(a, 0, out, offset, a.length);
        return out;
    }

    private static short[] pad(short[] a, int offset) {
        short[] out = new short[a.length + offset];
        System.arraycopy(a, 0, out, offset, a.length);
        return out;
    }

    private static String diff(Object want, Object got, DType type) {
        if (want instanceof float[]) {
            return TestData.firstDifference((float[]) want, (float[]) got);
        }
        if (want instanceof double[]) {
            return TestData.firstDifference((double[]) want, (double[]) got);
        }
        return TestData.firstDifference((short[]) want, (short[]) got, type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arguments")
    void sameBitsEverywhere(Case c) {
        Coefficients coef = TestData.randomCoefficients(new Random(c.seed ^ 0x5DEECE66DL), c.spec);
        Result want = run(c, coef, step(c, RationalActivation.builder(coef).backend("scalar").threads(1).build()), 0);
        for (Object[] cfg : configs()) {
            RationalActivation act = step(c, RationalActivation.builder(coef).backend((String) cfg[0]).executor(pool)
                    .threads((Integer) cfg[1]).parallelThreshold((Long) cfg[2]).build());
            int offset = 3;
            Result got = run(c, coef, act, offset);
            String where = cfg[0] + " threads " + cfg[1] + " threshold " + cfg[2] + ": ";
            assertNull(diff(want.y, trim(got.y, offset), c.dtype), where + "y differs");
            assertNull(diff(want.dx, trim(got.dx, offset), c.dtype), where + "dx differs");
            assertNull(TestData.firstDifference(want.gn, got.gn), where + "numerator gradient differs");
            assertNull(TestData.firstDifference(want.gd, got.gd), where + "denominator gradient differs");
        }
    }

    private static RationalActivation step(Case c, RationalActivation act) {
        return c.noise == null ? act : act.trainingStep(c.noise, c.seed);
    }

    private static Object trim(Object a, int offset) {
        if (a instanceof float[]) {
            return Arrays.copyOfRange((float[]) a, offset, ((float[]) a).length);
        }
        if (a instanceof double[]) {
            return Arrays.copyOfRange((double[]) a, offset, ((double[]) a).length);
        }
        return Arrays.copyOfRange((short[]) a, offset, ((short[]) a).length);
    }
}
