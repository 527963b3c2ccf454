package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.DType;

class NpyArrayTest {
    @TempDir
    Path dir;

    /** The bytes numpy.save writes for a header dict (version 1.0, padded to 64). */
    static byte[] npy(String dict, byte[] data, int major) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(dict);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) h.length());
        } else {
            b.putInt(h.length());
        }
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        byte[] bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", floats(1, 2, 3, 4, 5, 6), 1);
        NpyArray a = NpyArray.parse(bytes);
        assertEquals(DType.F32, a.dtype());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.floats());
        NpyArray v2 = NpyArray.parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }",
                floats(1, 2, 3, 4, 5, 6), 2));
        assertArrayEquals(new long[] {6}, v2.shape());
        NpyArray scalar = NpyArray.parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", floats(7), 1));
        assertEquals(0, scalar.shape().length);
        assertEquals(7f, scalar.floats()[0]);
    }

    @Test
    void roundTripsEveryDtype() throws Exception {
        NpyArray f = NpyArray.ofFloats(new float[] {1.5f, -2f, Float.NaN, 0f}, 2, 2);
        NpyArray d = NpyArray.ofDoubles(new double[] {1e-300, -2, 3}, 3);
        NpyArray h = NpyArray.ofHalfBits(new short[] {0x3c00, (short) 0xc000}, 1, 2);
        for (NpyArray a : new NpyArray[] {f, d, h}) {
            Path p = dir.resolve(a.dtypeName() + ".npy");
            a.write(p);
            byte[] bytes = Files.readAllBytes(p);
            int headerEnd = 10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
            assertEquals(0, headerEnd % 64, "header padded to 64 bytes as numpy does");
            NpyArray b = NpyArray.read(p);
            assertEquals(a.dtype(), b.dtype());
            assertArrayEquals(a.shape(), b.shape());
            ByteArrayOutputStream x = new ByteArrayOutputStream();
            ByteArrayOutputStream y = new ByteArrayOutputStream();
            a.writeTo(x);
            b.writeTo(y);
            assertArrayEquals(x.toByteArray(), y.toByteArray());
        }
    }

    @Test
    void malformedFilesSayWhatIsWrong() {
        assertTrue(message("not numpy".getBytes(StandardCharsets.US_ASCII)).contains("magic"));
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", floats(1, 2), 1))
                .contains("truncated"));
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", floats(1, 2), 1))
                .contains("trailing"));
        assertTrue(message(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", floats(1), 1))
                .contains("big-endian"));
        assertTrue(message(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", floats(1), 1))
                .contains("float32, float64 or float16"));
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", floats(1, 2, 3, 4), 1))
                .contains("Fortran"));
        assertTrue(message(npy("{'descr': '<f4', 'shape': (1,), }", floats(1), 1)).contains("fortran_order"));
        byte[] badVersion = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", floats(1), 1);
        badVersion[6] = 9;
        assertTrue(message(badVersion).contains("version 9.0"));
    }

    private static String message(byte[] bytes) {
        return assertThrows(NpyArray.NpyFormatException.class, () -> NpyArray.parse(bytes)).getMessage();
    }
}
