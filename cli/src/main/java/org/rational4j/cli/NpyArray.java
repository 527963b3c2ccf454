package org.rational4j.cli;

import org.rational4j.internal.Shapes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rational4j.DType;

/**
 * A NumPy {@code .npy} array of f32, f64 or f16 values, C order, format versions 1.0, 2.0 and 3.0.
 * The header is parsed as the Python dict literal it is ({@link PyLiteral}): exactly the keys
 * {@code descr}, {@code fortran_order} and {@code shape}, each once; the data must have exactly
 * the length the shape gives. Either byte order is read; arrays are written little-endian. The values are held in a
 * {@code float[]}, {@code double[]} or {@code short[]} (f16 bits). Malformed files give an
 * {@link NpyFormatException} that says what is wrong.
 */
public final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
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
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        long n;
        try {
            n = Shapes.elements(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
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

    /** Largest header accepted (numpy's own default limit is 10,000 bytes). */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** Most elements one Java array holds. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;

    /** What a header says: the dtype, the byte order of the data, the shape, where the data starts. */
    private record Header(DType dtype, ByteOrder order, long[] shape, long count, long dataStart) {
        long dataBytes() {
            return count * dtype.byteSize();
        }
    }

    /** Reads a .npy file; I/O failures exit 3, malformed files exit 2 (as {@link CliException}). */
    public static NpyArray read(Path path) {
        return read(path, 1);
    }

    /**
     * Reads a .npy file whose caller will hold {@code copies} arrays of its size (the input and the
     * results): refused with a one-line error (exit 2) when the Java heap cannot hold them. The data
     * is streamed into the array (no copy of the whole file); pipes and devices work and are read no
     * further than the header says (/dev/zero is "no .npy magic").
     */
    public static NpyArray read(Path path, int copies) {
        try (InputStream in = Files.newInputStream(path)) {
            Header h = readHeader(in);
            if (Files.isRegularFile(path)) {
                checkDataLength(h, Files.size(path) - h.dataStart);
            }
            checkHeap(path, h, copies);
            return readData(in, h);
        } catch (NpyFormatException e) {
            throw CliException.usage(path + " is not a usable .npy file: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.io("cannot read " + path + ": " + Files2.describe(e), e);
        }
    }

    /** Parses the bytes of a .npy file. */
    public static NpyArray parse(byte[] bytes) throws NpyFormatException {
        try {
            InputStream in = new ByteArrayInputStream(bytes);
            Header h = readHeader(in);
            checkDataLength(h, bytes.length - h.dataStart);
            return readData(in, h);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    private static Header readHeader(InputStream in) throws IOException, NpyFormatException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
            throw new NpyFormatException("no .npy magic (\\x93NUMPY) at the start; save it with numpy.save");
        }
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException("format version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw new NpyFormatException("truncated: the file ends in the header length");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException("header length " + headerLength + " is more than the " + MAX_HEADER_BYTES
                    + " bytes accepted");
        }
        byte[] hb = in.readNBytes((int) headerLength);
        if (hb.length < headerLength) {
            throw new NpyFormatException("truncated header: it says " + headerLength + " bytes, the file has "
                    + hb.length);
        }
        String header;
        if (major == 3) {
            try {
                header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(hb)).toString();
            } catch (CharacterCodingException e) {
                throw new NpyFormatException("header is not valid UTF-8 (format version 3.0)");
            }
        } else {
            header = new String(hb, StandardCharsets.ISO_8859_1);
        }
        Map<String, Object> dict = new PyLiteral(header, major < 3).dict();
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new NpyFormatException("header has the key '" + key + "'; a .npy header has exactly "
                        + "'descr', 'fortran_order' and 'shape'");
            }
        }
        Object descr = required(dict, "descr", "the dtype");
        Object fortran = required(dict, "fortran_order", "True or False");
        Object shapeValue = required(dict, "shape", "a tuple of ints");
        if (!(descr instanceof String)) {
            throw new NpyFormatException("header field 'descr' is " + PyLiteral.show(descr)
                    + (descr instanceof PyLiteral.PyList ? " (a structured dtype, which is not supported)" : "")
                    + "; use float32, float64 or float16");
        }
        if (!(fortran instanceof Boolean)) {
            throw new NpyFormatException("header field 'fortran_order' is " + PyLiteral.show(fortran)
                    + ", not True or False");
        }
        long[] shape = shapeOf(shapeValue);
        DType dtype = dtypeOf((String) descr);
        ByteOrder order = orderOf((String) descr, dtype);
        int nonTrivial = 0;
        for (long d : shape) {
            if (d > 1) {
                nonTrivial++;
            }
        }
        if ((Boolean) fortran && nonTrivial > 1) {
            throw new NpyFormatException("Fortran order is not supported; save a C-order array "
                    + "(numpy.ascontiguousarray)");
        }
        long count;
        try {
            count = Shapes.elements(shape);
        } catch (ArithmeticException e) {
            throw new NpyFormatException("header field 'shape' " + shapeString(shape)
                    + " holds more than 2^63 - 1 values");
        }
        if (count > MAX_ELEMENTS) {
            throw new NpyFormatException("header field 'shape' " + shapeString(shape) + " holds " + count
                    + " values, more than one Java array holds (" + MAX_ELEMENTS + ")");
        }
        return new Header(dtype, order, shape, count, 6 + 2 + lengthBytes + headerLength);
    }

    private static Object required(Map<String, Object> dict, String key, String what) throws NpyFormatException {
        if (!dict.containsKey(key)) {
            throw new NpyFormatException("header has no '" + key + "' (" + what + ")");
        }
        return dict.get(key);
    }

    private static long[] shapeOf(Object v) throws NpyFormatException {
        if (!(v instanceof PyLiteral.PyTuple)) {
            throw new NpyFormatException("header field 'shape' is " + PyLiteral.show(v) + ", not a tuple of ints");
        }
        List<Object> items = ((PyLiteral.PyTuple) v).items();
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = items.get(i);
            if (!(d instanceof BigInteger) || ((BigInteger) d).signum() < 0 || ((BigInteger) d).bitLength() > 63) {
                throw new NpyFormatException("header field 'shape' " + PyLiteral.show(v) + ": dimension " + i
                        + " is " + PyLiteral.show(d) + ", not an int in 0.." + Long.MAX_VALUE);
            }
            shape[i] = ((BigInteger) d).longValueExact();
        }
        return shape;
    }

    private static void checkDataLength(Header h, long actual) throws NpyFormatException {
        long expected = h.dataBytes();
        if (actual != expected) {
            throw new NpyFormatException("shape " + shapeString(h.shape) + " of " + numpyName(h.dtype) + " needs "
                    + expected + " bytes of data, the file has " + Math.max(actual, 0)
                    + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
    }

    /** Refuses an array the heap cannot hold {@code copies} times, rather than failing with OutOfMemoryError. */
    private static void checkHeap(Path path, Header h, int copies) {
        long needed = h.dataBytes() * copies;
        if (needed > freeHeap()) {
            System.gc(); // garbage counts as used until collected; look again before refusing
            long free = freeHeap();
            if (needed > free) {
                throw CliException.usage(path + " holds " + numpyName(h.dtype) + " " + shapeString(h.shape)
                        + ": that needs " + mib(needed) + " of Java heap, " + mib(free) + " is free; give the JVM "
                        + "more (RATIONAL4J_JAVA_OPTS=-Xmx...) or split the array");
            }
        }
    }

    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static String mib(long bytes) {
        return (bytes + (1 << 20) - 1 >> 20) + " MiB";
    }

    /** Reads exactly the data the header describes, in chunks; anything after it is an error. */
    private static NpyArray readData(InputStream in, Header h) throws IOException, NpyFormatException {
        int n = (int) h.count;
        int size = h.dtype.byteSize();
        Object data = h.dtype == DType.F32 ? new float[n] : h.dtype == DType.F64 ? new double[n] : new short[n];
        int chunk = 1 << 14;
        ByteBuffer buf = ByteBuffer.allocate(chunk * size).order(h.order);
        for (int i = 0; i < n; i += chunk) {
            int len = Math.min(chunk, n - i);
            int got = in.readNBytes(buf.array(), 0, len * size);
            if (got < len * size) {
                throw new NpyFormatException("shape " + shapeString(h.shape) + " of " + numpyName(h.dtype)
                        + " needs " + h.dataBytes() + " bytes of data, the file has "
                        + ((long) i * size + got) + " (truncated)");
            }
            buf.clear();
            switch (h.dtype) {
                case F32: buf.asFloatBuffer().get((float[]) data, i, len); break;
                case F64: buf.asDoubleBuffer().get((double[]) data, i, len); break;
                default: buf.asShortBuffer().get((short[]) data, i, len); break;
            }
        }
        if (in.read() >= 0) {
            throw new NpyFormatException("shape " + shapeString(h.shape) + " of " + numpyName(h.dtype) + " needs "
                    + h.dataBytes() + " bytes of data, the file has more (trailing bytes)");
        }
        return new NpyArray(h.dtype, h.shape, data);
    }

    /**
     * The dtype of a descr: a type code with an optional byte order, as numpy.dtype() reads it.
     * float16 is 'f2' or 'e', float32 'f4' or 'f', float64 'f8' or 'd'; the plain names work too.
     */
    private static DType dtypeOf(String descr) throws NpyFormatException {
        String code = !descr.isEmpty() && "<>=|".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        switch (code) {
            case "f4": case "f": return DType.F32;
            case "f8": case "d": return DType.F64;
            case "f2": case "e": return DType.F16;
            case "float32": case "float64": case "float16":
                if (code.length() == descr.length()) {
                    return code.equals("float32") ? DType.F32 : code.equals("float64") ? DType.F64 : DType.F16;
                }
                break;
            default:
                break;
        }
        throw new NpyFormatException("header field 'descr' '" + descr + "' is not a supported dtype; use float32, "
                + "float64 or float16 (for example arr.astype(numpy.float32))");
    }

    /** '<' little-endian, '>' big-endian, '=' or none: this machine's order, as numpy reads it. */
    private static ByteOrder orderOf(String descr, DType dtype) throws NpyFormatException {
        switch (descr.charAt(0)) {
            case '<': return ByteOrder.LITTLE_ENDIAN;
            case '>': return ByteOrder.BIG_ENDIAN;
            case '|':
                throw new NpyFormatException("header field 'descr' '" + descr + "' says byte order does not apply, "
                        + "but " + numpyName(dtype) + " has " + dtype.byteSize() + " bytes; write '<' or '>'");
            default: return ByteOrder.nativeOrder();
        }
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
