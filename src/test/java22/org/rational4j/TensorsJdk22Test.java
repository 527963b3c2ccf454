package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.rational4j.foreign.RationalTensors;
import org.rational4j.foreign.Tensor;

class TensorsJdk22Test {

    private static RationalActivation activation(String backend, RationalSpec spec, long seed, int threads) {
        return RationalActivation.builder(TestData.randomCoefficients(new Random(seed), spec)).backend(backend)
                .threads(threads).parallelThreshold(0).build();
    }

    @Test
    void tensorsGiveTheBitsOfTheArrayApiOnEveryBackend() {
        tensorsMatchArrays(RationalSpec.of(Version.B, 5, 4).withGroups(1, 8), a -> a);
    }

    /** A version D training step through the tensor API: the noised numerator, gradients through the noise. */
    @Test
    void versionDTrainingStepsOnTensors() {
        TrainingNoise noise = TrainingNoise.reference(77);
        tensorsMatchArrays(RationalSpec.of(Version.D, 5, 4).withGroups(2, 8), a -> a.trainingStep(noise, 5));
    }

    private static void tensorsMatchArrays(RationalSpec spec, UnaryOperator<RationalActivation> view) {
        Shape shape = Shape.of(3, 16, 2_777); // 133296 elements: three blocks
        int size = (int) shape.size();
        Random r = new Random(7);
        float[] x = TestData.floats(r, size);
        float[] dy = TestData.floats(r, size);
        RationalActivation ref = view.apply(activation("scalar", spec, 3, 1));
        float[] y = new float[size];
        float[] dx = new float[size];
        Gradients g = new Gradients(spec);
        ref.forward(x, 0, y, 0, shape);
        ref.backward(x, 0, dy, 0, dx, 0, shape, g);
        for (String backend : TestBackends.available()) {
            for (Arena arena : new Arena[] {Arena.ofConfined(), Arena.ofShared()}) {
                try (arena) {
                    RationalActivation act = view.apply(activation(backend, spec, 3, 3));
                    Tensor tx = Tensor.allocate(arena, DType.F32, shape);
                    assertEquals(0, tx.segment().address() % 64, "64-byte aligned");
                    Tensor tdy = Tensor.allocate(arena, DType.F32, shape);
                    Tensor ty = Tensor.allocate(arena, DType.F32, shape);
                    MemorySegment.copy(x, 0, tx.segment(), ValueLayout.JAVA_FLOAT, 0, size);
                    MemorySegment.copy(dy, 0, tdy.segment(), ValueLayout.JAVA_FLOAT, 0, size);
                    RationalTensors.forward(act, tx, ty);
                    assertNull(TestData.firstDifference(y, ty.segment().toArray(ValueLayout.JAVA_FLOAT)), backend);
                    Gradients g2 = new Gradients(spec);
                    RationalTensors.backward(act, tx, tdy, tdy, g2); // dx in place of dy
                    assertNull(TestData.firstDifference(dx, tdy.segment().toArray(ValueLayout.JAVA_FLOAT)), backend);
                    assertNull(TestData.firstDifference(g.numerator(), g2.numerator()), backend);
                    assertNull(TestData.firstDifference(g.denominator(), g2.denominator()), backend);
                    // in place forward, and heap tensors
                    RationalTensors.forward(act, tx, tx);
                    assertNull(TestData.firstDifference(y, tx.segment().toArray(ValueLayout.JAVA_FLOAT)), backend);
                    float[] hy = new float[size];
                    RationalTensors.forward(act, Tensor.of(x.clone(), shape), Tensor.of(hy, shape));
                    assertNull(TestData.firstDifference(y, hy), backend);
                }
            }
        }
    }

    @Test
    void halfAndDoubleTensors() {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4);
        Random r = new Random(9);
        for (String backend : TestBackends.available()) {
            RationalActivation act = activation(backend, spec, 5, 2);
            for (DType t : new DType[] {DType.BF16, DType.F16}) {
                short[] x = TestData.halves(r, 1000, t);
                short[] y = new short[1000];
                act.forward(x, y, t);
                try (Arena arena = Arena.ofConfined()) {
                    Tensor tx = Tensor.allocate(arena, t, Shape.flat(1000));
                    MemorySegment.copy(x, 0, tx.segment(), ValueLayout.JAVA_SHORT, 0, 1000);
                    Tensor ty = Tensor.allocate(arena, t, Shape.flat(1000));
                    RationalTensors.forward(act, tx, ty);
                    for (int i = 0; i < 1000; i++) {
                        assertTrue(TestData.sameHalf(y[i], ty.getBits(i), t), backend + " " + t + " at " + i);
                    }
                }
            }
            double[] x = TestData.doubles(r, 1000);
            double[] y = new double[1000];
            act.forward(x, y);
            Tensor ty = Tensor.of(new double[1000]);
            RationalTensors.forward(act, Tensor.of(x), ty);
            for (int i = 0; i < 1000; i++) {
                assertTrue(TestData.same(y[i], ty.getDouble(i)), backend + " f64 at " + i);
            }
        }
    }

    @Test
    void badTensorsThrowClearly() throws Exception {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4);
        RationalActivation act = activation("scalar", spec, 1, 1);
        Arena closed = Arena.ofConfined();
        Tensor dead = Tensor.allocate(closed, DType.F32, Shape.flat(10));
        closed.close();
        Tensor ok = Tensor.of(new float[10]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RationalTensors.forward(act, dead, ok));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> RationalTensors.forward(act, ok, dead));

        assertThrows(IllegalArgumentException.class,
                () -> RationalTensors.forward(act, ok, Tensor.of(new float[11])));
        assertThrows(IllegalArgumentException.class,
                () -> RationalTensors.forward(act, ok, Tensor.of(new double[10])));
        float[] shared = new float[20];
        assertThrows(IllegalArgumentException.class, () -> RationalTensors.forward(act,
                Tensor.wrap(MemorySegment.ofArray(shared), DType.F32, Shape.flat(10)),
                Tensor.wrap(MemorySegment.ofArray(shared).asSlice(8), DType.F32, Shape.flat(10))));
        assertThrows(IllegalArgumentException.class, () -> RationalTensors.forward(act, ok,
                Tensor.wrap(MemorySegment.ofArray(new float[10]).asReadOnly(), DType.F32, Shape.flat(10))));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.wrap(MemorySegment.ofArray(new float[9]), DType.F32, Shape.flat(10)));
        assertThrows(NullPointerException.class, () -> RationalTensors.forward(act, null, ok));
        assertThrows(IllegalArgumentException.class,
                () -> RationalTensors.backward(act, ok, ok, Tensor.of(new float[10]), new Gradients(spec.withGroups(1, 2))));

        try (Arena confined = Arena.ofConfined()) {
            Tensor mine = Tensor.allocate(confined, DType.F32, Shape.flat(10));
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<?> f = other.submit(() -> assertThrows(IllegalStateException.class,
                        () -> RationalTensors.forward(act, mine, mine)));
                f.get();
            } finally {
                other.shutdownNow();
            }
        }
    }
}
