package org.rational4j.coefficients;

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
import org.rational4j.Version;
import org.rational4j.fuzz.Mutations;
import org.rational4j.fuzz.Mutations.Op;
import org.rational4j.fuzz.Mutations.Seed;

/**
 * Fuzzes the safetensors, checkpoint and reference-table readers with mutated seed files
 * (src/test/resources/org/rational4j/fuzz): every input is read or refused with a
 * {@link CheckpointFormatException} naming the file, within seconds and without running out of
 * memory. Any other exception, an Error or a timeout fails the build; jqwik prints the seed that
 * reproduces it.
 */
class CoefficientReadersFuzzTest {
    /** A reader under test. */
    private interface Reader {
        void read(Path file) throws IOException;
    }

    private static final Reader SAFETENSORS = f -> {
        Safetensors.Header h = Safetensors.readHeader(f);
        Safetensors.describe(h);
        for (Safetensors.Candidate c : Safetensors.candidates(h)) {
            for (Version v : Version.values()) {
                try {
                    Safetensors.importCoefficients(f, v, c.prefix()).coefficients();
                } catch (CheckpointFormatException e) {
                    checkNamesFile(f, e);
                }
            }
        }
    };

    private static final Reader CHECKPOINT = f -> Checkpoint.read(f).toJson();

    private static final Reader TABLE = f -> {
        for (ReferenceTables.Entry e : ReferenceTables.read(f)) {
            for (String letter : new String[] {"A", "B", "C", "D", "N"}) {
                try {
                    ReferenceTables.select(f, letter, -1, -1, e.function());
                } catch (CheckpointFormatException x) {
                    checkNamesFile(f, x);
                }
            }
        }
    };

    private static void checkNamesFile(Path f, CheckpointFormatException e) {
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    }

    private static void fuzz(Reader reader, String suffix, Seed seed, Seed other, List<Op> ops) throws Exception {
        fuzz(reader, suffix, Mutations.apply(seed.bytes(), other.bytes(), ops));
    }

    private static void fuzz(Reader reader, String suffix, byte[] input) throws Exception {
        Path f = Files.createTempFile("r4j-fuzz", suffix);
        try {
            Files.write(f, input);
            Mutations.withinTimeLimit(() -> {
                try {
                    reader.read(f);
                    return "read";
                } catch (CheckpointFormatException e) {
                    checkNamesFile(f, e);
                    return e.problem();
                }
            });
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<Seed> safetensorsSeeds() {
        return Arbitraries.of(Mutations.corpus("safetensors"));
    }

    @Provide
    Arbitrary<Seed> checkpointSeeds() {
        return Arbitraries.of(Mutations.corpus("checkpoint"));
    }

    @Provide
    Arbitrary<Seed> tableSeeds() {
        return Arbitraries.of(Mutations.corpus("table"));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Mutations.ops();
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void safetensors(@ForAll("safetensorsSeeds") Seed seed, @ForAll("safetensorsSeeds") Seed other,
            @ForAll("ops") List<Op> ops, @ForAll boolean fixLength) throws Exception {
        byte[] input = Mutations.apply(seed.bytes(), other.bytes(), ops);
        // the 8-byte header length at the start
        fuzz(SAFETENSORS, ".safetensors", fixLength ? Mutations.fixLength(input, 0, 8, '}') : input);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void checkpoints(@ForAll("checkpointSeeds") Seed seed, @ForAll("checkpointSeeds") Seed other,
            @ForAll("ops") List<Op> ops) throws Exception {
        fuzz(CHECKPOINT, ".json", seed, other, ops);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void referenceTables(@ForAll("tableSeeds") Seed seed, @ForAll("tableSeeds") Seed other,
            @ForAll("ops") List<Op> ops) throws Exception {
        fuzz(TABLE, ".json", seed, other, ops);
    }

    /** The corpus means what its names say: the good seeds read, the bad-* ones are refused. */
    @Example
    void seedsReadOrFailAsNamed() throws IOException {
        String[] kinds = {"safetensors", "checkpoint", "table"};
        Reader[] readers = {SAFETENSORS, CHECKPOINT, TABLE};
        for (int k = 0; k < kinds.length; k++) {
            for (Seed s : Mutations.corpus(kinds[k])) {
                Path f = Files.createTempFile("r4j-seed", s.name());
                try {
                    Files.write(f, s.bytes());
                    Reader r = readers[k];
                    if (s.name().startsWith("bad-")) {
                        assertThrows(CheckpointFormatException.class, () -> r.read(f), s.name());
                    } else {
                        r.read(f);
                    }
                } finally {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
