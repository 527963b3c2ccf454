package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Direct buffers (from a non-zero position) give the bits of the array API on every backend. */
class BuffersTest {
    private static final Shape SHAPE = Shape.of(5, 8, 1640); // 65600 elements: two blocks
    private static final int N = (int) SHAPE.size();
    private static final int POS = 5;

    private static ByteBuffer bytes(int elements, int size) {
        return ByteBuffer.allocateDirect((elements + POS) * size).order(ByteOrder.nativeOrder());
    }

    @Test
    void allDtypesAllBackends() {
        RationalSpec spec = RationalSpec.of(Version.C, 4, 3).withGroups(8, 8);
        Coefficients coef = TestData.randomCoefficients(new Random(3), spec);
        RationalActivation ref = RationalActivation.builder(coef).backend("scalar").threads(1).build();
        Random r = new Random(4);
        float[] x = TestData.floats(r, N);
        float[] dy = TestData.floats(r, N);
        double[] xd = TestData.doubles(r, N);
        double[] dyd = TestData.doubles(r, N);
        for (String backend : TestBackends.available()) {
            RationalActivation act = RationalActivation.builder(coef).backend(backend).threads(2)
                    .parallelThreshold(0).build();
            // f32
            float[] y = new float[N];
            float[] dx = new float[N];
            Gradients g = new Gradients(spec);
            ref.forward(x, 0, y, 0, SHAPE);
            ref.backward(x, 0, dy, 0, dx, 0, SHAPE, g);
            FloatBuffer bx = bytes(N, 4).asFloatBuffer();
            FloatBuffer bdy = bytes(N, 4).asFloatBuffer();
            bx.position(POS);
            bx.put(x).position(POS);
            bdy.position(POS);
            bdy.put(dy).position(POS);
            FloatBuffer by = bytes(N, 4).asFloatBuffer();
            act.forward(bx, by, SHAPE);
            Gradients g2 = new Gradients(spec);
            act.backward(bx, bdy, bdy, SHAPE, g2); // dx in place of dy
            assertEquals(POS, bx.position());
            float[] gotY = new float[N];
            float[] gotDx = new float[N];
            by.get(0, gotY);
            bdy.get(POS, gotDx);
            assertNull(TestData.firstDifference(y, gotY), backend + " f32 y");
            assertNull(TestData.firstDifference(dx, gotDx), backend + " f32 dx");
            assertNull(TestData.firstDifference(g.denominator(), g2.denominator()), backend + " f32 grads");
            assertNull(TestData.firstDifference(g.numerator(), g2.numerator()), backend + " f32 grads");
            // f64
            double[] yd = new double[N];
            double[] dxd = new double[N];
            Gradients gd = new Gradients(spec);
            ref.forward(xd, 0, yd, 0, SHAPE);
            ref.backward(xd, 0, dyd, 0, dxd, 0, SHAPE, gd);
            DoubleBuffer dbx = bytes(N, 8).asDoubleBuffer().put(xd);
            DoubleBuffer dbdy = bytes(N, 8).asDoubleBuffer().put(dyd);
            dbx.position(0);
            dbdy.position(0);
            DoubleBuffer dby = bytes(N, 8).asDoubleBuffer();
            DoubleBuffer dbdx = bytes(N, 8).asDoubleBuffer();
            act.forward(dbx, dby, SHAPE);
            Gradients gd2 = new Gradients(spec);
            act.backward(dbx, dbdy, dbdx, SHAPE, gd2);
            double[] gotYd = new double[N];
            double[] gotDxd = new double[N];
            dby.get(0, gotYd);
            dbdx.get(0, gotDxd);
            assertNull(TestData.firstDifference(yd, gotYd), backend + " f64 y");
            assertNull(TestData.firstDifference(dxd, gotDxd), backend + " f64 dx");
            assertNull(TestData.firstDifference(gd.numerator(), gd2.numerator()), backend + " f64 grads");
            assertNull(TestData.firstDifference(gd.denominator(), gd2.denominator()), backend + " f64 grads");
            // bf16 / f16
            for (DType t : new DType[] {DType.BF16, DType.F16}) {
                short[] hx = TestData.halves(r, N, t);
                short[] hdy = TestData.halves(r, N, t);
                short[] hy = new short[N];
                short[] hdx = new short[N];
                Gradients gh = new Gradients(spec);
                ref.forward(hx, 0, hy, 0, SHAPE, t);
                ref.backward(hx, 0, hdy, 0, hdx, 0, SHAPE, t, gh);
                ShortBuffer sx = bytes(N, 2).asShortBuffer().put(hx);
                ShortBuffer sdy = bytes(N, 2).asShortBuffer().put(hdy);
                sx.position(0);
                sdy.position(0);
                ShortBuffer sy = bytes(N, 2).asShortBuffer();
                ShortBuffer sdx = bytes(N, 2).asShortBuffer();
                act.forward(sx, sy, SHAPE, t);
                Gradients gh2 = new Gradients(spec);
                act.backward(sx, sdy, sdx, SHAPE, t, gh2);
                short[] gy = new short[N];
                short[] gdx = new short[N];
                sy.get(0, gy);
                sdx.get(0, gdx);
                assertNull(TestData.firstDifference(hy, gy, t), backend + " " + t + " y");
                assertNull(TestData.firstDifference(hdx, gdx, t), backend + " " + t + " dx");
                assertNull(TestData.firstDifference(gh.numerator(), gh2.numerator()), backend + " " + t);
                assertNull(TestData.firstDifference(gh.denominator(), gh2.denominator()), backend + " " + t);
            }
        }
        assertTrue(N > 65536);
    }
}
