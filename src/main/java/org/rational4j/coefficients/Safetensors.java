package org.rational4j.coefficients;

import org.rational4j.internal.Shapes;
import com.google.gson.JsonElement;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.SignAtZero;
import org.rational4j.Version;
import org.rational4j.internal.AtomicFiles;
import org.rational4j.internal.Half;

/**
 * The safetensors format, read and written directly: an 8-byte little-endian header length, a JSON
 * header ({@code name -> {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} of strings), then the little-endian tensor data. Offsets are relative to
 * the start of the data and must cover it exactly, without overlap.
 *
 * <p>Coefficients map to tensors as the reference libraries name them: rational_activations'
 * {@code numerator} (m+1) and {@code denominator} (n), KAT's {@code weight_numerator} (G, m+1) and
 * {@code weight_denominator} (G, n), each possibly under a module prefix such as
 * {@code layers.0.act.}. A (G, L) tensor gives G groups. Safetensors do not record the rational
 * version: the caller gives it (KAT is version A).
 */
public final class Safetensors {
    /** Largest JSON header accepted, as the reference implementation: 100 MB. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Every dtype of the safetensors format; only F64, F32, F16 and BF16 can hold coefficients. */
    static final Map<String, Integer> DTYPE_SIZES;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("F64", 8);
        m.put("F32", 4);
        m.put("F16", 2);
        m.put("BF16", 2);
        m.put("I64", 8);
        m.put("U64", 8);
        m.put("I32", 4);
        m.put("U32", 4);
        m.put("I16", 2);
        m.put("U16", 2);
        m.put("I8", 1);
        m.put("U8", 1);
        m.put("BOOL", 1);
        m.put("F8_E4M3", 1);
        m.put("F8_E5M2", 1);
        DTYPE_SIZES = Collections.unmodifiableMap(m);
    }

    private Safetensors() {
    }

    /** Where one tensor lies in a file. {@code begin}/{@code end} are relative to the data start. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        /** The number of elements (validated by {@link #readHeader} to fit a long). */
        public long elements() {
            return Shapes.elements(shape);
        }

        public String shapeString() {
            return Arrays.toString(shape).replace('[', '(').replace(']', ')');
        }
    }

    /** A parsed and validated header. */
    public record Header(Path file, List<TensorInfo> tensors, Map<String, String> metadata, long dataStart) {
        public TensorInfo tensor(String name) {
            for (TensorInfo t : tensors) {
                if (t.name.equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** A tensor with its values widened to f64 (for writing, values are rounded to {@code dtype}). */
    public record Tensor(String name, DType dtype, long[] shape, double[] values) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " has " + n
                        + " elements, got " + values.length + " values");
            }
            shape = shape.clone();
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads and validates the header of a safetensors file (the data is not read). */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointFormatException(file, "truncated: " + size
                        + " bytes, a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
                throw new CheckpointFormatException(file, "header too large: "
                        + Long.toUnsignedString(headerLen) + " bytes (the limit is " + MAX_HEADER_BYTES + ")");
            }
            if (headerLen < 2) {
                throw new CheckpointFormatException(file, "header of " + headerLen + " bytes cannot hold a JSON object");
            }
            if (8 + headerLen > size) {
                throw new CheckpointFormatException(file, "truncated: the header says " + headerLen
                        + " bytes but the file has only " + (size - 8) + " after the length");
            }
            // the bytes, the decoded text and Gson's tree: refuse rather than run out of memory
            Runtime rt = Runtime.getRuntime();
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            if (headerLen * 8 > free) {
                throw new CheckpointFormatException(file, "a header of " + headerLen + " bytes needs more of the Java "
                        + "heap than is free (" + (free >> 20) + " MiB; raise -Xmx)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8, file);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new CheckpointFormatException(file, "header is not valid UTF-8");
            }
            if (!json.startsWith("{")) {
                throw new CheckpointFormatException(file, "header does not start with '{' (not a safetensors file?)");
            }
            return parseHeader(file, json, 8 + headerLen, size - 8 - headerLen);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) {
                throw new CheckpointFormatException(file, "truncated while reading");
            }
        }
    }

    private static Header parseHeader(Path file, String json, long dataStart, long dataSize)
            throws CheckpointFormatException {
        List<TensorInfo> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        // strict JSON: a duplicate name anywhere (a tensor, a field, a metadata key) is an error
        JsonElement root = StrictJson.parse(json, file.toString());
        if (!root.isJsonObject()) {
            throw new CheckpointFormatException(file, "header is not a JSON object");
        }
        for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject().entrySet()) {
            String name = entry.getKey();
            JsonElement v = entry.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isJsonObject()) {
                    throw new CheckpointFormatException(file, "__metadata__ must be an object of strings");
                }
                for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
                    JsonElement s = e.getValue();
                    if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
                        throw new CheckpointFormatException(file, "__metadata__['" + e.getKey()
                                + "'] is not a string");
                    }
                    metadata.put(e.getKey(), s.getAsString());
                }
                continue;
            }
            tensors.add(tensorInfo(file, name, v));
        }
        // offsets: inside the data, no overlap, covering it entirely
        List<TensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong((TensorInfo t) -> t.begin).thenComparingLong(t -> t.end));
        long expected = 0;
        for (TensorInfo t : byOffset) {
            if (t.end > dataSize) {
                throw new CheckpointFormatException(file, "tensor '" + t.name + "': data_offsets [" + t.begin + ", "
                        + t.end + "] out of range: the data has " + dataSize + " bytes (truncated file?)");
            }
            if (t.begin < expected) {
                throw new CheckpointFormatException(file, "tensor '" + t.name + "': data_offsets [" + t.begin + ", "
                        + t.end + "] overlap the previous tensor (which ends at " + expected + ")");
            }
            if (t.begin > expected) {
                throw new CheckpointFormatException(file, "bytes [" + expected + ", " + t.begin
                        + ") of the data belong to no tensor (the format forbids holes)");
            }
            expected = t.end;
        }
        if (expected != dataSize) {
            throw new CheckpointFormatException(file, "the data has " + dataSize + " bytes but the tensors cover "
                    + expected + (dataSize > expected ? " (trailing bytes)" : ""));
        }
        return new Header(file, Collections.unmodifiableList(tensors), Collections.unmodifiableMap(metadata),
                dataStart);
    }

    private static TensorInfo tensorInfo(Path file, String name, JsonElement v) throws CheckpointFormatException {
        String where = "tensor '" + name + "'";
        if (!v.isJsonObject()) {
            throw new CheckpointFormatException(file, where + ": entry is not an object");
        }
        var o = v.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw new CheckpointFormatException(file, where + ": missing \"dtype\"");
        }
        String dtype = dt.getAsString();
        Integer size = DTYPE_SIZES.get(dtype);
        if (size == null) {
            throw new CheckpointFormatException(file, where + ": unknown dtype '" + dtype + "' (known: "
                    + String.join(", ", DTYPE_SIZES.keySet()) + ")");
        }
        JsonElement sh = o.get("shape");
        if (sh == null || !sh.isJsonArray()) {
            throw new CheckpointFormatException(file, where + ": missing \"shape\"");
        }
        long[] shape = new long[sh.getAsJsonArray().size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(file, where + ": shape[" + i + "]", sh.getAsJsonArray().get(i));
        }
        // a zero dimension makes the tensor empty whatever the others are; else the product must fit
        long bytes = -1;
        try {
            bytes = Math.multiplyExact(Shapes.elements(shape), (long) size);
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file, where + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " holds more than 2^63 - 1 bytes");
        }
        JsonElement off = o.get("data_offsets");
        if (off == null || !off.isJsonArray() || off.getAsJsonArray().size() != 2) {
            throw new CheckpointFormatException(file, where + ": \"data_offsets\" must be [begin, end]");
        }
        long begin = nonNegativeLong(file, where + ": data_offsets[0]", off.getAsJsonArray().get(0));
        long end = nonNegativeLong(file, where + ": data_offsets[1]", off.getAsJsonArray().get(1));
        if (end < begin) {
            throw new CheckpointFormatException(file, where + ": data_offsets [" + begin + ", " + end + "] end before begin");
        }
        if (end - begin != bytes) {
            throw new CheckpointFormatException(file, where + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " bytes, data_offsets [" + begin + ", " + end + "] give "
                    + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long nonNegativeLong(Path file, String what, JsonElement e) throws CheckpointFormatException {
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                long v = e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
                if (v >= 0) {
                    return v;
                }
            }
        } catch (ArithmeticException | NumberFormatException ex) {
            // fall through
        }
        throw new CheckpointFormatException(file, what + " must be a non-negative integer, got " + e);
    }

    /** The values of one floating-point tensor, widened to f64. */
    public static double[] readValues(Header header, String name) throws IOException {
        TensorInfo t = header.tensor(name);
        if (t == null) {
            throw new CheckpointFormatException(header.file, "no tensor '" + name + "'; the file has: "
                    + header.tensors.stream().map(TensorInfo::name).collect(Collectors.joining(", ")));
        }
        return readValues(header, t);
    }

    static double[] readValues(Header header, TensorInfo t) throws IOException {
        DType dt = floatDType(header.file, t);
        long bytes = t.end - t.begin;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new CheckpointFormatException(header.file, "tensor '" + t.name + "' is too large to read ("
                    + bytes + " bytes)");
        }
        long needed = bytes + t.elements() * 8;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > free) {
            throw new CheckpointFormatException(header.file, "tensor '" + t.name + "' needs " + (needed >> 20)
                    + " MiB to read but the Java heap has " + (free >> 20) + " MiB free (raise -Xmx)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(header.file, StandardOpenOption.READ)) {
            readFully(ch, buf, header.dataStart + t.begin, header.file);
        }
        buf.flip();
        int n = (int) t.elements();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            switch (dt) {
                case F64:
                    out[i] = buf.getDouble();
                    break;
                case F32:
                    out[i] = buf.getFloat();
                    break;
                case F16:
                    out[i] = Half.f16ToFloat(buf.getShort());
                    break;
                case BF16:
                    out[i] = Half.bf16ToFloat(buf.getShort());
                    break;
                default:
                    throw new AssertionError(dt);
            }
        }
        return out;
    }

    static DType floatDType(Path file, TensorInfo t) throws CheckpointFormatException {
        switch (t.dtype) {
            case "F64":
                return DType.F64;
            case "F32":
                return DType.F32;
            case "F16":
                return DType.F16;
            case "BF16":
                return DType.BF16;
            default:
                throw new CheckpointFormatException(file, "tensor '" + t.name + "' has dtype " + t.dtype
                        + "; coefficients must be F64, F32, F16 or BF16");
        }
    }

    /** Reads every tensor (all must be F64, F32, F16 or BF16) and the metadata. */
    public static Map<String, Tensor> readAll(Path file) throws IOException {
        Header h = readHeader(file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorInfo t : h.tensors) {
            out.put(t.name, new Tensor(t.name, floatDType(file, t), t.shape, readValues(h, t)));
        }
        return Collections.unmodifiableMap(out);
    }

    // ------------------------------------------------------------------ writing

    /** Writes tensors (in the given order) and string metadata (may be empty) to a safetensors file. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Set<String> names = new HashSet<>();
        long offset = 0;
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.beginObject();
            if (metadata != null && !metadata.isEmpty()) {
                w.name("__metadata__").beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    w.name(e.getKey()).value(e.getValue());
                }
                w.endObject();
            }
            for (Tensor t : tensors) {
                if (t.name.equals("__metadata__") || !names.add(t.name)) {
                    throw new IllegalArgumentException("duplicate or reserved tensor name '" + t.name + "'");
                }
                long bytes = (long) t.values.length * t.dtype.byteSize();
                w.name(t.name).beginObject();
                w.name("dtype").value(t.dtype.name());
                w.name("shape").beginArray();
                for (long d : t.shape) {
                    w.value(d);
                }
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
                w.endObject();
                offset += bytes;
            }
            w.endObject();
        }
        byte[] header = sw.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(header);
        for (int i = header.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors) {
            for (double v : t.values) {
                switch (t.dtype) {
                    case F64:
                        out.putDouble(v);
                        break;
                    case F32:
                        out.putFloat((float) v);
                        break;
                    case F16:
                        out.putShort(Half.floatToF16(Half.roundToOdd(v)));
                        break;
                    case BF16:
                        out.putShort(Half.floatToBf16(Half.roundToOdd(v)));
                        break;
                    default:
                        throw new AssertionError(t.dtype);
                }
            }
        }
        AtomicFiles.write(file, out.array());
    }

    // ------------------------------------------------------------------ coefficients

    /** How coefficient tensors are named and shaped. */
    public enum Layout {
        /** rational_activations: {@code numerator} (m+1) and {@code denominator} (n); (G, L) for G groups. */
        PAU("numerator", "denominator"),
        /** KAT: {@code weight_numerator} (Gn, m+1) and {@code weight_denominator} (Gd, n), always 2-D. */
        KAT("weight_numerator", "weight_denominator");

        private final String numeratorName;
        private final String denominatorName;

        Layout(String numeratorName, String denominatorName) {
            this.numeratorName = numeratorName;
            this.denominatorName = denominatorName;
        }

        public String numeratorName() {
            return numeratorName;
        }

        public String denominatorName() {
            return denominatorName;
        }
    }

    /** A pair of coefficient tensors found in a file: the prefix (e.g. "" or "layers.0.act.") and layout. */
    public record Candidate(String prefix, Layout layout) {
        public String numeratorTensor() {
            return prefix + layout.numeratorName;
        }

        public String denominatorTensor() {
            return prefix + layout.denominatorName;
        }
    }

    /** Every (prefix, layout) whose numerator and denominator tensors are both in the header. */
    public static List<Candidate> candidates(Header h) {
        return SafetensorsCoefficients.candidates(h);
    }

    /**
     * Imports the coefficients of one rational activation from a safetensors file.
     *
     * @param version the rational version (safetensors do not record it; KAT is version A)
     * @param prefix  the module prefix ("layers.0.act" or "layers.0.act."), or null to take the only
     *                pair of coefficient tensors in the file
     * @return a checkpoint with the coefficients, the numerator tensor's dtype, the prefix as name and
     *         the file's metadata
     * @throws CheckpointFormatException for a bad file, missing or ambiguous tensors, wrong shapes or
     *         non-finite coefficients
     */
    public static Checkpoint importCoefficients(Path file, Version version, String prefix) throws IOException {
        return SafetensorsCoefficients.importCoefficients(file, version, prefix);
    }

    /**
     * Writes coefficients as a safetensors file in the given layout. Metadata records the version,
     * degrees and sign(0) ({@code rational4j.*}) besides {@code extra}.
     *
     * @param prefix module prefix ("" for none; "." is appended when missing)
     */
    public static void exportCoefficients(Path file, Coefficients c, DType dtype, Layout layout, String prefix,
            Map<String, String> extra) throws IOException {
        SafetensorsCoefficients.exportCoefficients(file, c, dtype, layout, prefix, extra);
    }

    /** A readable list of a header's tensors, for error messages and the CLI. */
    public static String describe(Header h) {
        return h.tensors.stream().map(t -> t.name + " " + t.dtype + " " + t.shapeString())
                .collect(Collectors.joining(", "));
    }
}
