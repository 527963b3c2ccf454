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
        assertTrue(message(npy("{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", floats(1), 1))
                .contains("'<' or '>'"));
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

    private static final String F4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }";

    /** The header: numpy keeps the last 'descr' and 'shape' (float64 (32,)); a regex took the first. */
    @Test
    void repeatedHeaderKeysAreRejected() {
        byte[] bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 16), 'descr': '<f8', "
                + "'shape': (32,), }", new byte[256], 1);
        String m = message(bytes);
        assertTrue(m.contains("'descr' twice"), m);
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", floats(1), 1))
                .contains("key 'extra'"));
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False}", floats(1), 1)).contains("no 'shape'"));
    }

    /** The header is read as the Python literal it is, not scanned for patterns. */
    @Test
    void headerIsAPythonDictLiteral() throws Exception {
        // double quotes, no trailing comma, the trailing comma inside the tuple, u'' strings, Python 2's 3L
        NpyArray a = NpyArray.parse(npy("{\"descr\": u'<f4', \"fortran_order\": False, \"shape\": (2, 1,)}",
                floats(1, 2), 1));
        assertArrayEquals(new long[] {2, 1}, a.shape());
        assertArrayEquals(new long[] {2}, NpyArray.parse(npy(String.format(F4, "2L,"), floats(1, 2), 1)).shape());
        // (2) is the int 2, not a tuple
        assertTrue(message(npy(String.format(F4, "2"), floats(1, 2), 1)).contains("not a tuple of ints"));
        assertTrue(message(npy(String.format(F4, "True,"), floats(1), 1)).contains("dimension 0 is True"));
        assertTrue(message(npy(String.format(F4, "2, -1"), floats(1, 2), 1)).contains("unexpected '-'"));
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", floats(1), 1))
                .contains("'fortran_order' is 0"));
        assertTrue(message(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", floats(1), 1))
                .contains("structured dtype"));
        assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } x", floats(1), 1))
                .contains("more after its dict"));
        // the L suffix is numpy's filter for version 1 and 2 headers only
        assertTrue(message(npy(String.format(F4, "1L,"), floats(1), 3)).contains("after the int 1"));
    }

    /** numpy defines versions 1.0, 2.0 and 3.0; 1.1 was read as 1.0. */
    @Test
    void minorVersionIsChecked() {
        byte[] b = npy(String.format(F4, "1,"), floats(1), 1);
        b[7] = 1;
        assertTrue(message(b).contains("version 1.1 is not supported"));
    }

    /** A version 3.0 header is UTF-8; invalid bytes were replaced silently. */
    @Test
    void version3HeaderMustBeUtf8() {
        byte[] b = npy(String.format(F4, "1,") .replace("False", "False, 'x\u00ff': 1"), floats(1), 3);
        assertTrue(message(b).contains("not valid UTF-8"));
    }

    /** Files numpy reads: float16 as 'e', no byte order (native), type letters, big-endian. */
    @Test
    void readsTheDtypeSpellingsNumpyReads() throws Exception {
        NpyArray e = NpyArray.parse(npy("{'descr': '<e', 'fortran_order': False, 'shape': (1,), }",
                new byte[] {0x00, 0x3c}, 1));
        assertEquals(DType.F16, e.dtype());
        assertEquals(0x3c00, e.halfBits()[0]);
        byte[] nativeF4 = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putFloat(1.5f).putFloat(-2f).array();
        for (String descr : new String[] {"f4", "=f4", "f", "float32"}) {
            NpyArray a = NpyArray.parse(npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }",
                    nativeF4, 1));
            assertArrayEquals(new float[] {1.5f, -2f}, a.floats(), descr);
        }
        byte[] be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(0.25).putDouble(-3).array();
        NpyArray d = NpyArray.parse(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", be, 1));
        assertArrayEquals(new double[] {0.25, -3}, d.doubles());
        assertTrue(message(npy("{'descr': '<float32', 'fortran_order': False, 'shape': (1,), }", floats(1), 1))
                .contains("not a supported dtype"));
    }

    /** Shape products overflowed into "long overflow"; a zero dimension makes any shape empty, as in numpy. */
    @Test
    void shapeProductsDoNotOverflow() throws Exception {
        String big = String.valueOf(1L << 62);
        String m = message(npy(String.format(F4, big + ", 4"), new byte[0], 1));
        assertTrue(m.contains("'shape'") && m.contains("more than 2^63 - 1 values"), m);
        m = message(npy(String.format(F4, big + ","), new byte[0], 1));
        assertTrue(m.contains("more than one Java array holds"), m);
        m = message(npy(String.format(F4, "99999999999999999999,"), new byte[0], 1));
        assertTrue(m.contains("dimension 0 is 99999999999999999999"), m);
        NpyArray empty = NpyArray.parse(npy(String.format(F4, big + ", " + big + ", 0"), new byte[0], 1));
        assertEquals(0, empty.size());
        assertArrayEquals(new long[] {1L << 62, 1L << 62, 0}, empty.shape());
    }

    /** A valid header on a file shorter than it says is refused before the data is allocated. */
    @Test
    void fileLengthIsCheckedBeforeReading() throws Exception {
        Path p = dir.resolve("short.npy");
        Files.write(p, npy(String.format(F4, "1000000000,"), new byte[0], 1));
        CliException e = assertThrows(CliException.class, () -> NpyArray.read(p));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("(truncated)"), e.getMessage());
    }
}
