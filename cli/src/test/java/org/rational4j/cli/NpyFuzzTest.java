package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rational4j.fuzz.Mutations;
import org.rational4j.fuzz.Mutations.Op;
import org.rational4j.fuzz.Mutations.Seed;

/**
 * Fuzzes the .npy reader with mutated seed files (src/test/resources/org/rational4j/fuzz/npy):
 * from bytes every input parses or throws {@link NpyArray.NpyFormatException}; from a file it
 * reads or throws a {@link CliException} with exit 2; within seconds, without running out of memory.
 */
class NpyFuzzTest {
    @Provide
    Arbitrary<Seed> seeds() {
        return Arbitraries.of(Mutations.corpus("npy"));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Mutations.ops();
    }

    private static String readBoth(byte[] input, Path f) throws IOException {
        Files.write(f, input);
        NpyArray fromBytes = null;
        String outcome = "read";
        try {
            fromBytes = NpyArray.parse(input);
        } catch (NpyArray.NpyFormatException e) {
            outcome = e.getMessage(); // documented
        }
        try {
            NpyArray fromFile = NpyArray.read(f);
            assertTrue(fromBytes != null, "the file reads but its bytes do not parse");
            assertEquals(fromBytes.size(), fromFile.size());
        } catch (CliException e) {
            assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
            assertTrue(fromBytes == null, "the bytes parse but the file does not: " + e.getMessage());
        }
        return outcome;
    }

    @Property(tries = 800, edgeCases = EdgeCasesMode.NONE)
    void npy(@ForAll("seeds") Seed seed, @ForAll("seeds") Seed other, @ForAll("ops") List<Op> ops,
            @ForAll boolean fixLength) throws Exception {
        byte[] mutated = Mutations.apply(seed.bytes(), other.bytes(), ops);
        // the header length after the magic and version: 2 bytes in version 1, else 4
        byte[] input = fixLength && mutated.length > 8
                ? Mutations.fixLength(mutated, 8, mutated[6] == 1 ? 2 : 4, '}') : mutated;
        Path f = Files.createTempFile("r4j-fuzz", ".npy");
        try {
            Mutations.withinTimeLimit(() -> readBoth(input, f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** The corpus means what its names say: the good seeds read, the bad-* ones are refused. */
    @Example
    void seedsReadOrFailAsNamed() throws Exception {
        for (Seed s : Mutations.corpus("npy")) {
            if (s.name().startsWith("bad-")) {
                assertThrows(NpyArray.NpyFormatException.class, () -> NpyArray.parse(s.bytes()), s.name());
            } else {
                NpyArray.parse(s.bytes());
            }
        }
    }
}
