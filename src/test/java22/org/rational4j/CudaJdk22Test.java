package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rational4j.foreign.DeviceTensor;
import org.rational4j.foreign.DeviceTensors;
import org.rational4j.foreign.RationalTensors;
import org.rational4j.foreign.Tensor;
import org.rational4j.internal.Backend;
import org.rational4j.BackendUnavailableException;
import org.rational4j.internal.Backends;
import org.rational4j.internal.Operand;

/**
 * The cuda backend from Java: without a GPU (CI) it is reported unavailable with its reason and
 * never breaks the other backends; device tensors are validated before any native call; auto
 * never picks it. With a GPU, a round trip has the bits of the ffm backend.
 */
class CudaJdk22Test {
    private static final RationalSpec KAT = RationalSpec.of(Version.A, 5, 4).withGroups(1, 8);

    private static RationalActivation activation(String backend, RationalSpec spec) {
        return RationalActivation.builder(TestData.randomCoefficients(new Random(5), spec)).backend(backend).build();
    }

    @Test
    void availabilityIsReportedWithAReasonNeverAnException() {
        boolean available = DeviceTensors.isAvailable();
        if (available) {
            assertEquals(null, DeviceTensors.unavailableReason());
            assertFalse(DeviceTensors.devices().isEmpty());
            assertEquals("cuda", Backends.get("cuda").name());
        } else {
            String reason = DeviceTensors.unavailableReason();
            assertTrue(reason != null && !reason.isBlank(), "a reason: " + reason);
            assertTrue(DeviceTensors.devices().isEmpty());
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.get("cuda"));
            assertEquals("cuda", e.backend());
            assertTrue(e.getMessage().contains(reason), e.getMessage());
            // device memory cannot be allocated, and says why
            BackendUnavailableException a = assertThrows(BackendUnavailableException.class,
                    () -> DeviceTensor.allocate(DType.F32, Shape.flat(16)));
            assertTrue(a.getMessage().contains(reason), a.getMessage());
        }
        // the host backends are untouched either way
        assertTrue(Backends.isAvailable("scalar"));
    }

    @Test
    void autoNeverPicksCuda() {
        for (Backends.Status s : Backends.survey()) {
            assertNotEquals("cuda", s.name);
        }
        Backend auto = Backends.get("auto");
        for (long n : new long[] {1, 1 << 20, 1L << 32}) {
            assertNotEquals("cuda", auto.forSize(n, false).name());
            assertNotEquals("cuda", auto.forSize(n, true).name());
        }
    }

    @Test
    void deviceTensorsAreValidatedBeforeAnyNativeCall() {
        assertThrows(IllegalArgumentException.class, () -> DeviceTensor.wrap(0, DType.F32, Shape.flat(4)));
        IllegalArgumentException mis = assertThrows(IllegalArgumentException.class,
                () -> DeviceTensor.wrap(0x1002, DType.F32, Shape.flat(4)));
        assertTrue(mis.getMessage().contains("aligned"), mis.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceTensor.wrap(0x1001, DType.BF16, Shape.flat(4)));
        assertThrows(NullPointerException.class, () -> DeviceTensor.wrap(0x1000, null, Shape.flat(4)));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceTensor.wrap(0x1000, DType.F64, Shape.of(1L << 40, 1L << 20, 1)));

        RationalActivation act = activation("scalar", KAT);
        Shape shape = Shape.channelsLast(4, 768);
        DeviceTensor x = DeviceTensor.wrap(0x100000, DType.F32, shape);
        DeviceTensor y = DeviceTensor.wrap(0x200000, DType.F32, shape);
        DeviceTensor yHalf = DeviceTensor.wrap(0x200000, DType.BF16, shape);
        DeviceTensor yOther = DeviceTensor.wrap(0x200000, DType.F32, Shape.channelsLast(3, 768));
        DeviceTensor overlap = DeviceTensor.wrap(0x100000 + 64, DType.F32, shape);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceTensors.forward(act, x, yHalf));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceTensors.forward(act, x, yOther));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceTensors.forward(act, x, overlap));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        // 8 denominator groups do not divide 12 channels
        DeviceTensor x12 = DeviceTensor.wrap(0x100000, DType.F32, Shape.channelsLast(4, 12));
        DeviceTensor y12 = DeviceTensor.wrap(0x200000, DType.F32, Shape.channelsLast(4, 12));
        assertThrows(IllegalArgumentException.class, () -> DeviceTensors.forward(act, x12, y12));
        Gradients wrong = new Gradients(RationalSpec.of(Version.A, 5, 4));
        DeviceTensor dx = DeviceTensor.wrap(0x300000, DType.F32, shape);
        assertThrows(IllegalArgumentException.class, () -> DeviceTensors.backward(act, x, y, dx, wrong));
        DeviceTensor closed = DeviceTensor.wrap(0x300000, DType.F32, shape);
        closed.close();
        assertThrows(IllegalStateException.class, () -> DeviceTensors.forward(act, x, closed));
        assertThrows(NullPointerException.class, () -> DeviceTensors.forward(act, null, y));

        // valid arguments: without a GPU, unavailable with the reason; with one, host memory is
        // refused by the library's pointer check
        try (Arena arena = Arena.ofConfined()) {
            Tensor host = Tensor.allocate(arena, DType.F32, shape);
            DeviceTensor notDevice = DeviceTensor.wrap(host.segment().address(), DType.F32, shape);
            if (DeviceTensors.isAvailable()) {
                IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                        () -> DeviceTensors.forward(act, notDevice, notDevice));
                assertTrue(p.getMessage().contains("not device memory"), p.getMessage());
            } else {
                BackendUnavailableException u = assertThrows(BackendUnavailableException.class,
                        () -> DeviceTensors.forward(act, notDevice, notDevice));
                assertTrue(u.getMessage().contains(DeviceTensors.unavailableReason()), u.getMessage());
            }
        }
    }

    @Test
    void onAGpuTheBitsAreTheCpuBits() {
        if (!DeviceTensors.isAvailable()) {
            // without a device the backend refuses host operands only after saying it is unavailable
            assertThrows(BackendUnavailableException.class, () -> Backends.get("cuda"));
            return;
        }
        Backend cuda = Backends.get("cuda");
        assertThrows(UnsupportedOperationException.class, () -> cuda.forward(null, DType.F32, Shape.flat(1),
                new Operand.FloatArray(new float[1], 0), new Operand.FloatArray(new float[1], 0), 0, 1));
        RationalActivation ref = activation("ffm", KAT);
        Shape shape = Shape.channelsLast(197, 768); // 151296 elements: three blocks, the last short
        Random r = new Random(11);
        try (Arena arena = Arena.ofConfined();
                DeviceTensor x = DeviceTensor.allocate(DType.F32, shape);
                DeviceTensor y = DeviceTensor.allocate(DType.F32, shape);
                DeviceTensor dy = DeviceTensor.allocate(DType.F32, shape);
                DeviceTensor dx = DeviceTensor.allocate(DType.F32, shape)) {
            Tensor hx = Tensor.allocate(arena, DType.F32, shape);
            Tensor hdy = Tensor.allocate(arena, DType.F32, shape);
            for (long i = 0; i < shape.size(); i++) {
                hx.setFloat(i, (float) (r.nextGaussian() * 2));
                hdy.setFloat(i, (float) r.nextGaussian());
            }
            Tensor hy = Tensor.allocate(arena, DType.F32, shape);
            Tensor hdx = Tensor.allocate(arena, DType.F32, shape);
            Gradients g = new Gradients(KAT);
            RationalTensors.forward(ref, hx, hy);
            RationalTensors.backward(ref, hx, hdy, hdx, g);
            x.copyFrom(hx);
            dy.copyFrom(hdy);
            Gradients gg = new Gradients(KAT);
            DeviceTensors.forward(ref, x, y);
            DeviceTensors.backward(ref, x, dy, dx, gg);
            Tensor gy = Tensor.allocate(arena, DType.F32, shape);
            Tensor gdx = Tensor.allocate(arena, DType.F32, shape);
            y.copyTo(gy);
            dx.copyTo(gdx);
            assertEquals(-1, hy.segment().mismatch(gy.segment()), "y bits");
            assertEquals(-1, hdx.segment().mismatch(gdx.segment()), "dx bits");
            assertArrayEquals(g.numerator(), gg.numerator());
            assertArrayEquals(g.denominator(), gg.denominator());
        }
    }
}
