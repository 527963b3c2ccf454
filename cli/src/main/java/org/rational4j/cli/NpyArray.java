package org.rational4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rational4j.DType;

/**
 * A NumPy {@code .npy} array of f32 ({@code <f4}), f64 ({@code <f8}) or f16 ({@code <f2}) values,
 * little-endian, C order, format versions 1.0, 2.0 and 3.0. The values are held in a
 * {@code float[]}, {@code double[]} or {@code short[]} (f16 bits). Malformed files give an
 * {@link NpyFormatException} that says what is wrong.
 */
public final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private final DType dtype;
    private final long[] shape;
    private final Object data;

    private NpyArray(DType dtype, long[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /** A malformed or unsupported .npy file. */
    public static final class NpyFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        NpyFormatException(String message) {
            super(message);
        }
    }

    public static NpyArray ofFloats(float[] values, long... shape) {
        return new NpyArray(DType.F32, checkShape(shape, values.length), values);
    }

    public static NpyArray ofDoubles(double[] values, long... shape) {
        return new NpyArray(DType.F64, checkShape(shape, values.length), values);
    }

    /** f16 values given as their IEEE binary16 bits. */
    public static NpyArray ofHalfBits(short[] bits, long... shape) {
        return new NpyArray(DType.F16, checkShape(shape, bits.length), bits);
    }

    private static long[] checkShape(long[] shape, int length) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, the array has " + length);
        }
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int size() {
        return java.lang.reflect.Array.getLength(data);
    }

    /** The values (not a copy) when the dtype is F32. */
    public float[] floats() {
        return (float[]) data;
    }

    /** The values (not a copy) when the dtype is F64. */
    public double[] doubles() {
        return (double[]) data;
    }

    /** The f16 bits (not a copy) when the dtype is F16. */
    public short[] halfBits() {
        return (short[]) data;
    }

    /** The shape as NumPy prints it: (3, 4), (5,), (). */
    public String shapeString() {
        return shapeString(shape);
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The NumPy name of this array's dtype: float32, float64, float16. */
    public String dtypeName() {
        return numpyName(dtype);
    }

    static String numpyName(DType t) {
        switch (t) {
            case F32: return "float32";
            case F64: return "float64";
            case F16: return "float16";
            default: return t.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads a .npy file; I/O failures exit 3, malformed files exit 2 (as {@link CliException}). */
    public static NpyArray read(Path path) {
        byte[] bytes = Files2.readAll(path);
        try {
            return parse(bytes);
        } catch (NpyFormatException e) {
            throw CliException.usage(path + " is not a usable .npy file: " + e.getMessage());
        }
    }

    /** Parses the bytes of a .npy file. */
    public static NpyArray parse(byte[] bytes) throws NpyFormatException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new NpyFormatException("no .npy magic (\\x93NUMPY) at the start; save it with numpy.save");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        int headerStart;
        long headerLength;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLength = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new NpyFormatException("truncated header");
            }
            headerLength = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new NpyFormatException("format version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpyFormatException("truncated header: it says " + headerLength + " bytes, the file has "
                    + (bytes.length - headerStart));
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw new NpyFormatException("header is not a Python dict: " + abbreviate(header));
        }
        Matcher md = DESCR.matcher(header);
        Matcher mf = FORTRAN.matcher(header);
        Matcher ms = SHAPE.matcher(header);
        if (!md.find()) {
            throw new NpyFormatException("header has no 'descr' (dtype): " + abbreviate(header));
        }
        if (!mf.find()) {
            throw new NpyFormatException("header has no 'fortran_order': " + abbreviate(header));
        }
        if (!ms.find()) {
            throw new NpyFormatException("header has no 'shape': " + abbreviate(header));
        }
        DType dtype = dtypeOf(md.group(1));
        long[] shape = parseShape(ms.group(1));
        boolean fortran = mf.group(1).equals("True");
        int nonTrivial = 0;
        for (long d : shape) {
            if (d > 1) {
                nonTrivial++;
            }
        }
        if (fortran && nonTrivial > 1) {
            throw new NpyFormatException("Fortran order is not supported; save a C-order array "
                    + "(numpy.ascontiguousarray)");
        }
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new NpyFormatException(count + " values is more than one Java array holds");
        }
        long dataStart = headerStart + headerLength;
        long expected = count * dtype.byteSize();
        long actual = bytes.length - dataStart;
        if (actual != expected) {
            throw new NpyFormatException("shape " + shapeString(shape) + " of " + numpyName(dtype) + " needs "
                    + expected + " bytes of data, the file has " + actual
                    + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
        bb.position((int) dataStart);
        int n = (int) count;
        switch (dtype) {
            case F32: {
                float[] v = new float[n];
                bb.asFloatBuffer().get(v);
                return new NpyArray(dtype, shape, v);
            }
            case F64: {
                double[] v = new double[n];
                bb.asDoubleBuffer().get(v);
                return new NpyArray(dtype, shape, v);
            }
            default: {
                short[] v = new short[n];
                bb.asShortBuffer().get(v);
                return new NpyArray(dtype, shape, v);
            }
        }
    }

    private static DType dtypeOf(String descr) throws NpyFormatException {
        switch (descr) {
            case "<f4": return DType.F32;
            case "<f8": return DType.F64;
            case "<f2": return DType.F16;
            case ">f4": case ">f8": case ">f2":
                throw new NpyFormatException("dtype '" + descr + "' is big-endian; convert it with "
                        + "arr.astype(arr.dtype.newbyteorder('<'))");
            default:
                throw new NpyFormatException("dtype '" + descr + "' is not supported; use float32, float64 "
                        + "or float16 (for example arr.astype(numpy.float32))");
        }
    }

    private static long[] parseShape(String text) throws NpyFormatException {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        int n = parts.length;
        if (parts[n - 1].trim().isEmpty()) {
            n--;
        }
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            String p = parts[i].trim();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                shape[i] = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new NpyFormatException("bad shape (" + text + ")");
            }
            if (shape[i] < 0) {
                throw new NpyFormatException("bad shape (" + text + ")");
            }
        }
        return shape;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** Writes this array as a .npy file (version 1.0, or 2.0 when the header needs it), atomically. */
    public void write(Path path) {
        Files2.writeAtomically(path, this::writeTo);
    }

    /** Writes the .npy bytes. */
    public void writeTo(OutputStream out) throws IOException {
        String descr = dtype == DType.F32 ? "<f4" : dtype == DType.F64 ? "<f8" : "<f2";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeString() + ", }";
        int major = 1;
        int prefix = 10;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        if (padded - prefix > 65535) {
            major = 2;
            prefix = 12;
            total = prefix + dict.length() + 1;
            padded = (total + 63) / 64 * 64;
        }
        StringBuilder h = new StringBuilder(dict);
        while (prefix + h.length() + 1 < padded) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            pre.putShort((short) header.length);
        } else {
            pre.putInt(header.length);
        }
        out.write(pre.array());
        out.write(header);
        int n = size();
        int chunk = 1 << 14;
        ByteBuffer buf = ByteBuffer.allocate(chunk * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i += chunk) {
            int len = Math.min(chunk, n - i);
            buf.clear();
            switch (dtype) {
                case F32: buf.asFloatBuffer().put((float[]) data, i, len); break;
                case F64: buf.asDoubleBuffer().put((double[]) data, i, len); break;
                default: buf.asShortBuffer().put((short[]) data, i, len); break;
            }
            out.write(buf.array(), 0, len * dtype.byteSize());
        }
    }
}
