package org.rational4j.coefficients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.DType;
import org.rational4j.Version;
import org.rational4j.internal.ChildJvm;

/**
 * The coefficient readers are strict where they were lenient (issue 10, points 4, 6 and 10): duplicate
 * names, numbers written as strings, invalid UTF-8, overflowing shapes, out-of-range table keys and
 * endless inputs are format errors that name the file and the field.
 */
class StrictReadersTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void formatError(Path f, String expected, Executable read) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, read, expected);
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "want '" + expected + "' in: " + e.getMessage());
    }

    // ------------------------------------------------------------ checkpoints

    private static String good() {
        return Checkpoint.of(Builtins.defaultActivation().coefficients(), DType.F32).toJson();
    }

    @Test
    void checkpointDuplicateNamesAreRejected() throws IOException {
        String twice = good().replace("\"version\": \"A\",", "\"version\": \"B\", \"version\": \"A\",");
        Path f = file("dup.json", twice);
        formatError(f, "duplicate name 'version'", () -> Checkpoint.read(f));
        Path g = file("dupmeta.json", good().replace("\"dtype\"", "\"metadata\": {\"a\": \"1\", \"a\": \"2\"}, \"dtype\""));
        formatError(g, "duplicate name 'metadata.a'", () -> Checkpoint.read(g));
    }

    @Test
    void checkpointNumbersMustBeNumbers() throws IOException {
        Path f = file("str.json", good().replace("0.029792778657264946", "\"0.029792778657264946\""));
        formatError(f, "is not a number", () -> Checkpoint.read(f));
        Path g = file("interval.json", good().replace("\"dtype\"", "\"interval\": [\"-3\", 3], \"dtype\""));
        formatError(g, "lower is not a number", () -> Checkpoint.read(g));
        Path h = file("meta.json", good().replace("\"dtype\"", "\"metadata\": {\"epochs\": 10}, \"dtype\""));
        formatError(h, "\"metadata\".\"epochs\" must be a string", () -> Checkpoint.read(h));
    }

    @Test
    void checkpointMustBeUtf8() throws IOException {
        byte[] text = good().replace("\"dtype\"", "\"name\": \"caf\u00e9\", \"dtype\"").getBytes(StandardCharsets.ISO_8859_1);
        Path f = file("latin1.json", text);
        formatError(f, "not valid UTF-8", () -> Checkpoint.read(f));
    }

    /** /dev/zero was read whole (OutOfMemoryError); in a child JVM, so a regression fails only this test. */
    @Test
    void endlessInputsAreRefusedAtOnce() throws Exception {
        for (String reader : new String[] {"checkpoint", "table", "safetensors"}) {
            ChildJvm.Result r = ChildJvm.run(List.of("-Xmx64m"), ReaderChild.class, reader, "/dev/zero");
            assertEquals(0, r.status, r.toString());
            assertTrue(r.output.contains("refused: /dev/zero: "), r.toString());
        }
    }

    @Test
    void checkpointLargerThanTheLimitIsRefusedUnread() throws IOException {
        Path f = dir.resolve("big.json");
        try (var raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(Checkpoint.MAX_BYTES + 1);
        }
        formatError(f, "larger than", () -> Checkpoint.read(f));
    }

    // ------------------------------------------------------------ reference tables

    @Test
    void tableKeyDegreeOutOfRangeIsAFormatError() throws IOException {
        Path f = file("t.json", "{\"Rational_version_A5/99999999999\": {\"relu\": {\"init_w_numerator\": [1],"
                + " \"init_w_denominator\": [1]}}}");
        formatError(f, "'Rational_version_A5/99999999999': denominator degree 99999999999 is out of range",
                () -> ReferenceTables.read(f));
        Path g = file("t2.json", "{\"Rational_version_A17/4\": {}}");
        formatError(g, "numerator degree 17 is out of range", () -> ReferenceTables.read(g));
    }

    @Test
    void tableIsStrict() throws IOException {
        String entry = "{\"init_w_numerator\": [1, 2], \"init_w_denominator\": [0.5]}";
        Path dup = file("dup.json", "{\"Rational_version_A1/1\": {\"relu\": " + entry + ", \"relu\": " + entry + "}}");
        formatError(dup, "duplicate name 'Rational_version_A1/1.relu'", () -> ReferenceTables.read(dup));
        Path str = file("str.json", "{\"relu\": {\"init_w_numerator\": [\"1\", 2], \"init_w_denominator\": [0.5]}}");
        formatError(str, "init_w_numerator[0] is not a number", () -> ReferenceTables.read(str));
        Path ok = file("ok.json", "{\"relu\": " + entry + "}");
        assertEquals(1, ReferenceTables.select(ok, "A", 1, 1, "relu").spec().numeratorDegree());
    }

    // ------------------------------------------------------------ safetensors

    private Path safetensors(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return file(name, b.array());
    }

    private static final String DEN = "\"denominator\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [24, 40]}";

    @Test
    void safetensorsShapeOverflowIsAFormatError() throws IOException {
        // (2^62 + 4) * 8 wraps to 32: the old check passed and readValues failed later
        Path f = safetensors("ovf.safetensors", "{\"numerator\": {\"dtype\": \"F64\", \"shape\": [4611686018427387908],"
                + " \"data_offsets\": [0, 32]}}", 32);
        formatError(f, "tensor 'numerator': shape [4611686018427387908] of F64 holds more than 2^63 - 1 bytes",
                () -> Safetensors.readHeader(f));
        // a zero dimension makes the tensor empty, however large the others are
        Path g = safetensors("empty.safetensors", "{\"x\": {\"dtype\": \"F64\", \"shape\": [4611686018427387904, "
                + "4611686018427387904, 0], \"data_offsets\": [0, 0]}}", 0);
        assertEquals(0, Safetensors.readHeader(g).tensor("x").elements());
    }

    @Test
    void safetensorsHeaderIsStrict() throws IOException {
        Path f = safetensors("dupfield.safetensors", "{\"numerator\": {\"dtype\": \"F64\", \"dtype\": \"F32\", "
                + "\"shape\": [6], \"data_offsets\": [0, 24]}, " + DEN + "}", 40);
        formatError(f, "duplicate name 'numerator.dtype'", () -> Safetensors.readHeader(f));
        Path g = safetensors("dupmeta.safetensors", "{\"__metadata__\": {\"rational4j.version\": \"B\", "
                + "\"rational4j.version\": \"A\"}}", 0);
        formatError(g, "duplicate name '__metadata__.rational4j.version'", () -> Safetensors.readHeader(g));
        Path h = safetensors("nan.safetensors", "{\"numerator\": {\"dtype\": \"F32\", \"shape\": [NaN], "
                + "\"data_offsets\": [0, 24]}}", 24);
        formatError(h, "not valid JSON", () -> Safetensors.readHeader(h));
        Path s = safetensors("str.safetensors", "{\"numerator\": {\"dtype\": \"F32\", \"shape\": [\"6\"], "
                + "\"data_offsets\": [0, 24]}, " + DEN + "}", 40);
        formatError(s, "shape[0] must be a non-negative integer", () -> Safetensors.readHeader(s));
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        byte[] h1 = "{\"__metadata__\": {\"a\": \"\u00ff\"}}".getBytes(StandardCharsets.ISO_8859_1);
        bad.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h1.length).array());
        bad.write(h1);
        Path u = file("utf8.safetensors", bad.toByteArray());
        formatError(u, "not valid UTF-8", () -> Safetensors.importCoefficients(u, Version.A, null));
    }
}
