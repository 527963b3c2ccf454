package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.coefficients.Builtins;
import org.rational4j.internal.ChildJvm;

/**
 * Big and endless inputs give one line and exit 2 (or 3), never an OutOfMemoryError stack trace
 * (issue 10, point 4). The heap cases run in a child JVM with a small, known heap.
 */
class BigInputsTest {
    @TempDir
    Path dir;

    private static final String ACTIVATION = Builtins.defaultActivation().name();

    private Path smallInput() {
        Path x = dir.resolve("x.npy");
        NpyArray.ofFloats(new float[] {0.5f, -1f}, 2).write(x);
        return x;
    }

    private void usageError(String expected, String... args) throws Exception {
        ChildJvm.Result r = cli("-Xmx64m", args);
        assertEquals(ExitCode.USAGE, r.status, r.toString());
        assertTrue(r.output.contains(expected), r.toString());
        noStackTrace(r);
    }

    /** /dev/zero was read whole: OutOfMemoryError with a stack trace. */
    @Test
    void devZeroIsRefusedAsInputActivationAndPlot() throws Exception {
        Path x = smallInput();
        String y = dir.resolve("y.npy").toString();
        usageError("/dev/zero is not a usable .npy file: no .npy magic", "eval", ACTIVATION, "-i", "/dev/zero", "-o", y);
        usageError("/dev/zero is neither a rational4j checkpoint", "eval", "/dev/zero", "-i", x.toString(), "-o", y);
        usageError("/dev/zero is neither a rational4j checkpoint", "plot", "/dev/zero", "-o", dir.resolve("p.png").toString());
    }

    private static void noStackTrace(ChildJvm.Result r) {
        assertFalse(r.output.contains("OutOfMemoryError"), r.toString());
        assertFalse(r.output.contains("\tat "), r.toString());
    }

    private ChildJvm.Result cli(String heap, String... args) throws Exception {
        return ChildJvm.run(List.of(heap), Main.class, args);
    }

    /** A valid sparse 3 GB float32 .npy: "Required array size too large" before; now refused against the heap. */
    @Test
    void arrayLargerThanTheHeapIsRefused() throws Exception {
        Path big = dir.resolve("big.npy");
        long n = 750_000_000L;
        byte[] header = NpyArrayTest.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }",
                new byte[0], 1);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + 4 * n); // sparse: no disk used
        }
        ChildJvm.Result r = cli("-Xmx256m", "eval", ACTIVATION, "-i", big.toString(), "-o",
                dir.resolve("y.npy").toString());
        assertEquals(ExitCode.USAGE, r.status, r.toString());
        assertTrue(r.output.contains("MiB of Java heap"), r.toString());
        noStackTrace(r);
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    /** What no check foresees still ends as one line: Main handles OutOfMemoryError as it says. */
    @Test
    void outOfMemoryIsOneLine() throws Exception {
        Path x = smallInput();
        Path ck = dir.resolve("huge.json");
        // a valid start and a 48 MB string: under the 64 MiB checkpoint limit, over a 32 MB heap
        try (var out = Files.newOutputStream(ck)) {
            out.write("{\"format\": \"rational4j-checkpoint\", \"name\": \"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 48; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ChildJvm.Result r = cli("-Xmx32m", "eval", ck.toString(), "-i", x.toString(), "-o",
                dir.resolve("y.npy").toString());
        assertEquals(ExitCode.FAILURE, r.status, r.toString());
        assertTrue(r.output.contains("out of memory"), r.toString());
        noStackTrace(r);
    }
}
