package org.rational4j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level mutations of seed files for the reader fuzz tests: set, flip, insert, delete,
 * truncate, splice with another seed, repeat a range (duplicate keys), and tokens that parsers trip
 * on (huge or negative numbers, NaN, quotes, brackets, invalid UTF-8, extreme lengths).
 */
public final class Mutations {
    private Mutations() {
    }

    /** One seed file of the corpus (src/test/resources/org/rational4j/fuzz/KIND/). */
    public record Seed(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One mutation; positions and lengths are taken modulo the input's size when applied. */
    public record Op(int kind, int pos, int len, int value) {
    }

    private static final byte[][] TOKENS = {
        ascii("0"), ascii("-1"), ascii("99999999999999999999"), ascii("4611686018427387904"),
        ascii("9223372036854775807"), ascii("1e999"), ascii("-0.0"), ascii("NaN"), ascii("\""), ascii("'"),
        ascii(","), ascii(":"), ascii("{"), ascii("}"), ascii("["), ascii("]"), ascii("("), ascii(")"),
        ascii("True"), ascii("L"), ascii("\\"), ascii("\n"), ascii("  "), ascii("\"0.5\""), ascii("null"),
        {(byte) 0xff}, {0}, {(byte) 0x80}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xff, (byte) 0xff}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f},
        {0, 0, 0, 0, 0, 0, 0, (byte) 0x80}, ascii("'descr': '<f8', "), ascii("\"dtype\": \"F64\", "),
        ascii("(4611686018427387904, 4611686018427387904, 0)"), ascii("Rational_version_A5/99999999999"),
    };

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The seeds of one corpus folder, in name order. */
    public static List<Seed> corpus(String kind) {
        URL url = Mutations.class.getResource("/org/rational4j/fuzz/" + kind);
        if (url == null) {
            throw new IllegalStateException("no fuzz corpus " + kind);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Seed> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Up to 6 mutations. */
    public static Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 255)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(6);
    }

    /** Applies {@code ops} to {@code seed}; {@code other} is the splice partner. */
    public static byte[] apply(byte[] seed, byte[] other, List<Op> ops) {
        byte[] b = seed.clone();
        for (Op op : ops) {
            int n = b.length;
            int p = n == 0 ? 0 : op.pos % (n + 1);
            byte[] token = TOKENS[op.value % TOKENS.length];
            switch (op.kind) {
                case 0: // set a byte
                    if (n > 0) {
                        b[p % n] = (byte) op.value;
                    }
                    break;
                case 1: // flip a bit
                    if (n > 0) {
                        b[p % n] ^= (byte) (1 << (op.value & 7));
                    }
                    break;
                case 2: // insert a token
                    b = concat(Arrays.copyOf(b, p), token, Arrays.copyOfRange(b, p, n));
                    break;
                case 3: // delete a range
                    b = concat(Arrays.copyOf(b, p), Arrays.copyOfRange(b, Math.min(n, p + op.len), n));
                    break;
                case 4: // truncate
                    b = Arrays.copyOf(b, p);
                    break;
                case 5: { // splice: this one's head, the other's tail
                    int q = other.length == 0 ? 0 : (int) (((long) op.value * 257 + op.len) % (other.length + 1));
                    b = concat(Arrays.copyOf(b, p), Arrays.copyOfRange(other, q, other.length));
                    break;
                }
                case 6: { // repeat a range in place (a key twice)
                    int end = Math.min(n, p + op.len);
                    b = concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, p, end), Arrays.copyOfRange(b, end, n));
                    break;
                }
                default: // overwrite with a token
                    b = concat(Arrays.copyOf(b, p), token, Arrays.copyOfRange(b, Math.min(n, p + token.length), n));
                    break;
            }
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] part : parts) {
            n += part.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
