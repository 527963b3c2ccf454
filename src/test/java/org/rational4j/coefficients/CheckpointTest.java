package org.rational4j.coefficients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.SignAtZero;
import org.rational4j.Version;
import org.rational4j.internal.Half;

class CheckpointTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------ rational4j checkpoints

    @Test
    void checkpointRoundTripsExactly() throws IOException {
        Random r = new Random(42);
        for (Version v : Version.values()) {
            RationalSpec spec = RationalSpec.of(v, 5, 4).withGroups(2, 4)
                    .withSignAtZero(v == Version.B ? SignAtZero.ZERO : SignAtZero.PLUS_ONE);
            double[] num = new double[2 * spec.numeratorLength()];
            double[] den = new double[4 * spec.denominatorLength()];
            for (int i = 0; i < num.length; i++) {
                num[i] = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            }
            for (int i = 0; i < den.length; i++) {
                den[i] = r.nextGaussian();
            }
            num[0] = -0.0;
            num[1] = Double.MIN_VALUE;
            num[2] = Double.MAX_VALUE;
            den[0] = 0.1;
            Coefficients c = Coefficients.of(spec, num, den);
            Checkpoint cp = new Checkpoint(c, DType.BF16, "layer \"7\"", "gelu", -3, 3,
                    Map.of("trained", "yes", "épocas", "10"));
            Path f = dir.resolve("cp-" + v + ".json");
            cp.write(f);
            Checkpoint back = Checkpoint.read(f);
            assertEquals(cp, back);
            assertEquals(c, back.coefficients());
            for (int i = 0; i < num.length; i++) {
                assertEquals(Double.doubleToRawLongBits(num[i]),
                        Double.doubleToRawLongBits(back.coefficients().numerator()[i]));
            }
        }
        Checkpoint plain = Checkpoint.of(Builtins.defaultActivation().coefficients(), DType.F32);
        Path f = dir.resolve("plain.json");
        Checkpoint.write(f, plain.coefficients(), DType.F32);
        Checkpoint back = Checkpoint.read(f);
        assertEquals(plain, back);
        assertNull(back.name());
        assertTrue(!back.hasInterval());
        String text = Files.readString(f);
        assertTrue(text.contains("\"format\": \"rational4j-checkpoint\""), text);
        assertTrue(text.contains("\"formatVersion\": 1"), text);
        assertTrue(text.contains("[0.029792778657264946, 0.6183735264987601, "), text);
    }

    @Test
    void builtinCheckpointKeepsItsProvenance() throws IOException {
        Checkpoint cp = Checkpoint.of(Builtins.get("kat/gelu"));
        Path f = dir.resolve("kat.json");
        cp.write(f);
        Checkpoint back = Checkpoint.read(f);
        assertEquals("kat/gelu", back.name());
        assertEquals("gelu", back.target());
        assertEquals(-3, back.lower());
        assertTrue(back.metadata().get("note").startsWith("INACCURATE"));
    }

    private Path json(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void badCheckpointsAreRejectedWithTheFileAndTheProblem() throws IOException {
        String good = Checkpoint.of(Builtins.defaultActivation().coefficients(), DType.F32).toJson();
        Object[][] cases = {
            {"{", "not valid JSON"},
            {"[1,2]", "must be a JSON object"},
            {good.replace("rational4j-checkpoint", "other"), "\"format\""},
            {good.replace("\"formatVersion\": 1", "\"formatVersion\": 2"), "newer rational4j"},
            {good.replace("\"version\": \"A\"", "\"version\": \"E\""), "unknown 'E'"},
            {good.replace("[5, 4]", "[5]"), "degrees"},
            {good.replace("[5, 4]", "[5, 3]"), "must be a list of 3"},
            {good.replace("\"numeratorGroups\": 1", "\"numeratorGroups\": 2"), "has 1 groups"},
            {good.replace("0.029792778657264946", "NaN"), "not valid JSON"},
            {good.replace("0.029792778657264946", "1e999"), "not finite"},
            {good.replace("0.029792778657264946", "\"x\""), "not a number"},
            {good.replace("\"F32\"", "\"F8\""), "dtype"},
            {good.replace("\"+1\"", "\"-1\""), "signAtZero"},
            {good.replace("[5, 4]", "[17, 4]"), "numeratorDegree"},
        };
        for (Object[] c : cases) {
            Path f = json("bad.json", (String) c[0]);
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.read(f),
                    (String) c[1]);
            assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains((String) c[1]), "want '" + c[1] + "' in: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------ reference tables

    @Test
    void referenceTablesImport() throws IOException {
        Path cfg = dir.resolve("rationals_config.json");
        try (InputStream in = getClass().getResourceAsStream(Builtins.PAU_TABLE)) {
            Files.copy(in, cfg);
        }
        Coefficients c = ReferenceTables.select(cfg, "B", 7, 6, "leaky_relu");
        assertEquals(Builtins.get("pau/B7_6/leaky_relu").coefficients(), c);
        assertEquals(Version.D, ReferenceTables.select(cfg, "D", 5, 4, "gelu").spec().version());
        assertEquals(Version.C, ReferenceTables.select(cfg, "C", 3, 2, "leaky_relu_0.1").spec().version());
        assertEquals(3, ReferenceTables.select(cfg, "C", 3, -1, "leaky_relu_0.1").spec().denominatorLength());
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> ReferenceTables.select(cfg, "A", 5, 4, "mish"));
        assertTrue(e.getMessage().contains("Rational_version_A5/4:leaky_relu"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> ReferenceTables.select(cfg, "C", -1, -1, "leaky_relu_0.1"));
        assertTrue(e.getMessage().contains("several"), e.getMessage());
        Path kat = dir.resolve("init.json");
        try (InputStream in = getClass().getResourceAsStream(Builtins.KAT_TABLE)) {
            Files.copy(in, kat);
        }
        assertEquals(Builtins.get("kat/swish").coefficients(), ReferenceTables.select(kat, "A", 5, 4, "swish"));
        assertEquals(Builtins.get("kat/gelu@B").coefficients(), ReferenceTables.select(kat, "B", 5, 4, "gelu"));
        Path bad = json("badtable.json", "{\"Rational_version_A5/4\": {\"relu\": {\"init_w_numerator\": [1, 2],"
                + " \"init_w_denominator\": [1, 2, 3, 4]}}}");
        e = assertThrows(CheckpointFormatException.class, () -> ReferenceTables.read(bad));
        assertTrue(e.getMessage().contains("degrees 5/4 need 6"), e.getMessage());
    }

    // ------------------------------------------------------------ safetensors

    @Test
    void katLayoutF32RoundTrips() throws IOException {
        double[] num = Builtins.get("kat/gelu").coefficients().numerator(0);
        double[] den = new double[8 * 4];
        for (int g = 0; g < 8; g++) {
            for (int k = 0; k < 4; k++) {
                den[g * 4 + k] = Builtins.get("kat/gelu").coefficients().denominator(0)[k] * (1 + 0.1 * g);
            }
        }
        Path f = dir.resolve("kat.safetensors");
        // as KAT's state_dict: a fixture written tensor by tensor, no rational4j metadata
        Safetensors.write(f, List.of(
                new Safetensors.Tensor("blocks.3.mlp.act.weight_numerator", DType.F32, new long[] {1, 6}, num),
                new Safetensors.Tensor("blocks.3.mlp.act.weight_denominator", DType.F32, new long[] {8, 4}, den)),
                Map.of("format", "pt"));
        // the raw bytes: header length, header, 6 + 32 floats
        byte[] raw = Files.readAllBytes(f);
        long hl = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, hl % 8);
        assertEquals(8 + hl + 38 * 4, raw.length);

        Checkpoint cp = Safetensors.importCoefficients(f, Version.A, null);
        RationalSpec s = cp.coefficients().spec();
        assertEquals(Version.A, s.version());
        assertEquals(5, s.numeratorDegree());
        assertEquals(4, s.denominatorDegree());
        assertEquals(1, s.numeratorGroups());
        assertEquals(8, s.denominatorGroups());
        assertEquals(DType.F32, cp.dtype());
        assertEquals("blocks.3.mlp.act", cp.name());
        for (int i = 0; i < 6; i++) {
            assertEquals((double) (float) num[i], cp.coefficients().numerator()[i], 0);
        }
        for (int i = 0; i < 32; i++) {
            assertEquals((double) (float) den[i], cp.coefficients().denominator()[i], 0);
        }
        // same result with the prefix given, with or without the dot
        assertEquals(cp.coefficients(), Safetensors.importCoefficients(f, Version.A, "blocks.3.mlp.act").coefficients());
        assertEquals(cp.coefficients(), Safetensors.importCoefficients(f, Version.A, "blocks.3.mlp.act.").coefficients());
        // written back in the KAT layout and read again: identical
        Path g = dir.resolve("kat2.safetensors");
        Safetensors.exportCoefficients(g, cp.coefficients(), DType.F32, Safetensors.Layout.KAT, "blocks.3.mlp.act", null);
        Map<String, Safetensors.Tensor> all = Safetensors.readAll(g);
        assertArrayEquals(new long[] {1, 6}, all.get("blocks.3.mlp.act.weight_numerator").shape());
        assertArrayEquals(new long[] {8, 4}, all.get("blocks.3.mlp.act.weight_denominator").shape());
        assertEquals(cp.coefficients(), Safetensors.importCoefficients(g, Version.A, null).coefficients());
    }

    @Test
    void pauLayoutAndAllDtypesRoundTrip() throws IOException {
        Coefficients c = Builtins.get("pau/C5_4/gelu").coefficients();
        for (DType dt : DType.values()) {
            Path f = dir.resolve("pau-" + dt + ".safetensors");
            Safetensors.exportCoefficients(f, c, dt, Safetensors.Layout.PAU, "", Map.of("who", "test"));
            Safetensors.Header h = Safetensors.readHeader(f);
            assertArrayEquals(new long[] {6}, h.tensor("numerator").shape());
            assertArrayEquals(new long[] {5}, h.tensor("denominator").shape());
            assertEquals(dt.name(), h.tensor("numerator").dtype());
            assertEquals("test", h.metadata().get("who"));
            Checkpoint back = Safetensors.importCoefficients(f, Version.C, null);
            assertEquals(dt, back.dtype());
            double[] want = c.numerator();
            double[] got = back.coefficients().numerator();
            for (int i = 0; i < want.length; i++) {
                assertEquals(round(want[i], dt), got[i], 0, dt + " " + i);
            }
            // a second round trip is exact
            Path g = dir.resolve("pau2-" + dt + ".safetensors");
            Safetensors.exportCoefficients(g, back.coefficients(), dt, Safetensors.Layout.PAU, "act", null);
            assertEquals(back.coefficients(), Safetensors.importCoefficients(g, Version.C, "act").coefficients());
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                    () -> Safetensors.importCoefficients(g, Version.A, "act"));
            assertTrue(e.getMessage().contains("records rational4j.version C"), e.getMessage());
        }
        // known 16-bit values of 0.1
        assertEquals(0.0999755859375, round(0.1, DType.F16), 0);
        assertEquals(0.10009765625, round(0.1, DType.BF16), 0);
    }

    private static double round(double v, DType dt) {
        switch (dt) {
            case F64:
                return v;
            case F32:
                return (float) v;
            case F16:
                return Half.f16ToFloat(Half.floatToF16(Half.roundToOdd(v)));
            default:
                return Float.intBitsToFloat(Half.floatToBf16(Half.roundToOdd(v)) << 16);
        }
    }

    @Test
    void halfConversionsAreExactAndRoundToNearestEven() throws Exception {
        for (int h = 0; h < 65536; h++) {
            float f = Half.f16ToFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(((Half.floatToF16(f) & 0x7e00) == 0x7e00));
                continue;
            }
            assertEquals((short) h, Half.floatToF16(f), "half " + Integer.toHexString(h));
            int b = (h << 16);
            assertEquals((short) h, Half.floatToBf16(Float.intBitsToFloat(b)));
        }
        // ties to even: 1 + 2^-11 is halfway between 1 and 1 + 2^-10
        assertEquals(0x3c00, Half.floatToF16(1 + 0x1p-11f));
        assertEquals(0x3c02, Half.floatToF16(1 + 3 * 0x1p-11f));
        assertEquals(0x7c00, Half.floatToF16(65520f));
        assertEquals(0x7bff, Half.floatToF16(65519f));
        assertEquals(0x0001, Half.floatToF16(0x1p-24f));
        assertEquals(0x0000, Half.floatToF16(0x1p-25f));
        assertEquals(0x0001, Half.floatToF16(Math.nextUp(0x1p-25f)));
        // double rounding avoided: just above a bf16 tie in f64, below it in f32
        double d = 1 + 0x1p-8 + 0x1p-40;
        assertEquals((short) 0x3f81, Half.floatToBf16(Half.roundToOdd(d)));
        assertEquals((short) 0x3f80, Half.floatToBf16((float) d));
        // against the JDK's own conversion where it exists (JDK 20+)
        Method toHalf;
        try {
            toHalf = Float.class.getMethod("floatToFloat16", float.class);
        } catch (NoSuchMethodException e) {
            return;
        }
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals((short) toHalf.invoke(null, f), Half.floatToF16(f), "f = " + f);
        }
        for (int i = -200_000; i < 200_000; i++) {
            float f = i * 0x1p-30f * (1 + (i & 7));
            assertEquals((short) toHalf.invoke(null, f), Half.floatToF16(f), "f = " + f);
        }
    }

    /**
     * 16-bit tensors read with internal/Half's rules (docs/contract.md section 5): every f16 and
     * bf16 bit pattern widens exactly, and NaNs come out NaN; Half quiets them with the payload kept.
     */
    @Test
    void sixteenBitTensorsReadWithTheContractsRules() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(2 * 2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        for (int pass = 0; pass < 2; pass++) {
            for (int h = 0; h < 65536; h++) {
                data.putShort((short) h);
            }
        }
        Path f = safetensors("all16.safetensors", "{" + t("h", "F16", "[65536]", 0, 131072) + ", "
                + t("b", "BF16", "[65536]", 131072, 262144) + "}", data.array());
        Safetensors.Header header = Safetensors.readHeader(f);
        double[] h = Safetensors.readValues(header, "h");
        double[] b = Safetensors.readValues(header, "b");
        for (int i = 0; i < 65536; i++) {
            float hf = Half.f16ToFloat((short) i);
            float bf = Half.bf16ToFloat((short) i);
            assertEquals(Double.doubleToLongBits(hf), Double.doubleToLongBits(h[i]), "f16 " + Integer.toHexString(i));
            assertEquals(Double.doubleToLongBits(bf), Double.doubleToLongBits(b[i]), "bf16 " + Integer.toHexString(i));
        }
        // the contract's NaN rule: quiet bit set, payload kept, both directions
        assertEquals(0x7FC02000, Float.floatToRawIntBits(Half.f16ToFloat((short) 0x7C01)));
        assertEquals(0xFFC02000, Float.floatToRawIntBits(Half.f16ToFloat((short) 0xFC01)));
        assertEquals((short) 0x7E01, Half.floatToF16(Float.intBitsToFloat(0x7F802000)));
        assertEquals((short) 0x7FC1, Half.floatToBf16(Float.intBitsToFloat(0x7F810000)));
        assertEquals((short) 0x7C00, Half.floatToF16(Float.POSITIVE_INFINITY));
    }

    /**
     * Checkpoints and safetensors files are written through one helper with one permission rule:
     * the permissions of any new file in that folder (the umask), never a temporary file's 0600;
     * nothing is left behind, and a folder in the way is refused.
     */
    @Test
    void filesAreWrittenWholeWithTheUsersPermissions() throws Exception {
        Coefficients c = Coefficients.of(RationalSpec.of(Version.A, 3, 2), new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {0.5, 0.6});
        Path cp = dir.resolve("c.json");
        Checkpoint.write(cp, c, DType.F32);
        Path st = dir.resolve("c.safetensors");
        Safetensors.exportCoefficients(st, c, DType.F16, Safetensors.Layout.PAU, null, Map.of());
        Path plain = Files.createFile(dir.resolve("plain"));
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(cp));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(st));
        }
        // replaced whole
        Checkpoint.write(cp, c, DType.F64);
        assertEquals(c, Checkpoint.read(cp).coefficients());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("c.json", "c.safetensors", "plain"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList()));
        }
        Path folder = Files.createDirectory(dir.resolve("folder"));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.write(folder, c, DType.F32));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        assertTrue(Files.isDirectory(folder));
    }

    // ------------------------------------------------------------ bad safetensors files

    private Path safetensors(String name, String header, int dataBytes) throws IOException {
        return safetensors(name, header, new byte[dataBytes]);
    }

    private Path safetensors(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    private static String t(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": ["
                + begin + ", " + end + "]}";
    }

    private void bad(Path f, String expected) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> Safetensors.importCoefficients(f, Version.A, null), expected);
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "want '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void badSafetensorsFilesAreRejected() throws IOException {
        String pair = "{" + t("numerator", "F32", "[6]", 0, 24) + ", " + t("denominator", "F32", "[4]", 24, 40) + "}";
        Path ok = safetensors("ok.safetensors", pair, 40);
        assertEquals(5, Safetensors.importCoefficients(ok, Version.A, null).coefficients().spec().numeratorDegree());

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        bad(tiny, "truncated");
        byte[] full = Files.readAllBytes(ok);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 3));
        bad(cut, "out of range");
        Path cutHeader = dir.resolve("cuth.safetensors");
        Files.write(cutHeader, java.util.Arrays.copyOf(full, 20));
        bad(cutHeader, "truncated");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array());
        bad(huge, "header too large");
        Path negative = dir.resolve("neg.safetensors");
        Files.write(negative, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array());
        bad(negative, "header too large");

        bad(safetensors("json.safetensors", "{\"numerator\": ", 0), "not valid JSON");
        bad(safetensors("notobj.safetensors", "[1, 2]", 0), "does not start with '{'");
        bad(safetensors("dtype.safetensors", "{" + t("numerator", "F31", "[6]", 0, 24) + ", "
                + t("denominator", "F32", "[4]", 24, 40) + "}", 40), "unknown dtype 'F31'");
        bad(safetensors("int.safetensors", "{" + t("numerator", "I32", "[6]", 0, 24) + ", "
                + t("denominator", "F32", "[4]", 24, 40) + "}", 40), "coefficients must be F64, F32, F16 or BF16");
        bad(safetensors("shape.safetensors", "{" + t("numerator", "F32", "[2, 3, 1]", 0, 24) + ", "
                + t("denominator", "F32", "[4]", 24, 40) + "}", 40), "coefficients must be (L) or (groups, L)");
        bad(safetensors("scalar.safetensors", "{" + t("numerator", "F32", "[]", 0, 4) + ", "
                + t("denominator", "F32", "[4]", 4, 20) + "}", 20), "coefficients must be (L) or (groups, L)");
        bad(safetensors("long.safetensors", "{" + t("numerator", "F32", "[40]", 0, 160) + ", "
                + t("denominator", "F32", "[4]", 160, 176) + "}", 176), "with 1 <= L <= 17");
        bad(safetensors("size.safetensors", "{" + t("numerator", "F32", "[6]", 0, 20) + ", "
                + t("denominator", "F32", "[4]", 20, 36) + "}", 36), "needs 24 bytes");
        bad(safetensors("overlap.safetensors", "{" + t("numerator", "F32", "[6]", 0, 24) + ", "
                + t("denominator", "F32", "[4]", 16, 32) + "}", 40), "overlap");
        bad(safetensors("range.safetensors", "{" + t("numerator", "F32", "[6]", 0, 24) + ", "
                + t("denominator", "F32", "[4]", 1000, 1016) + "}", 40), "out of range");
        bad(safetensors("hole.safetensors", "{" + t("numerator", "F32", "[6]", 0, 24) + ", "
                + t("denominator", "F32", "[4]", 32, 48) + "}", 48), "holes");
        bad(safetensors("trail.safetensors", pair, 48), "trailing bytes");
        bad(safetensors("dup.safetensors", "{" + t("numerator", "F32", "[6]", 0, 24) + ", "
                + t("numerator", "F32", "[4]", 24, 40) + "}", 40), "duplicate name 'numerator'");
        bad(safetensors("offs.safetensors", "{" + t("numerator", "F32", "[6]", -4, 20) + ", "
                + t("denominator", "F32", "[4]", 24, 40) + "}", 40), "non-negative integer");
        bad(safetensors("meta.safetensors", "{\"__metadata__\": {\"a\": 1}, " + pair.substring(1), 40),
                "is not a string");
        bad(safetensors("none.safetensors", "{" + t("weight", "F32", "[6]", 0, 24) + "}", 24),
                "no coefficient tensors");
        bad(safetensors("nodenominator.safetensors", "{" + t("numerator", "F32", "[6]", 0, 24) + "}", 24),
                "no coefficient tensors");
        bad(safetensors("two.safetensors", "{" + t("a.numerator", "F32", "[6]", 0, 24) + ", "
                + t("a.denominator", "F32", "[4]", 24, 40) + ", " + t("b.numerator", "F32", "[6]", 40, 64) + ", "
                + t("b.denominator", "F32", "[4]", 64, 80) + "}", 80), "choose a prefix, one of: 'a.', 'b.'");
        byte[] nan = new byte[40];
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(8, Float.NaN);
        bad(safetensors("nan.safetensors", pair, nan), "element 2 is NaN");
        byte[] inf = new byte[40];
        ByteBuffer.wrap(inf).order(ByteOrder.LITTLE_ENDIAN).putFloat(36, Float.NEGATIVE_INFINITY);
        bad(safetensors("inf.safetensors", pair, inf), "'denominator' element 3 is -Infinity");
        bad(safetensors("groups.safetensors", "{" + t("numerator", "F32", "[0, 6]", 0, 0) + ", "
                + t("denominator", "F32", "[4]", 0, 16) + "}", 16), "coefficients must be (L) or (groups, L)");
        // version C needs n + 1 >= 1 denominator coefficients; A needs n >= 1 -- an empty one fails
        bad(safetensors("empty.safetensors", "{" + t("numerator", "F32", "[6]", 0, 24) + ", "
                + t("denominator", "F32", "[0]", 24, 24) + "}", 24), "coefficients must be (L)");
        // prefix that is not there lists the candidates
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> Safetensors.importCoefficients(ok, Version.A, "act"));
        assertTrue(e.getMessage().contains("no coefficient tensors under prefix 'act.'; candidates: ''"),
                e.getMessage());
        // other tensors of a model (int buffers) do not disturb the import
        Path model = safetensors("model.safetensors", "{" + t("bn.num_batches_tracked", "I64", "[]", 0, 8) + ", "
                + t("act.numerator", "F32", "[6]", 8, 32) + ", " + t("act.denominator", "F32", "[4]", 32, 48) + "}", 48);
        assertEquals("act", Safetensors.importCoefficients(model, Version.A, null).name());
    }
}
