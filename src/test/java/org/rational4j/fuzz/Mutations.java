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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;

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

    private static final byte[][] NUMBERS = {
        ascii("0"), ascii("1"), ascii("2"), ascii("17"), ascii("4611686018427387904"), ascii("4611686018427387908"),
        ascii("9223372036854775807"), ascii("9223372036854775808"), ascii("99999999999999999999"),
        ascii("2147483647"), ascii("2147483648"), ascii("4294967295"), ascii("1e999"), ascii("-1"), ascii("0.5"),
    };

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What a fuzz test does with one input; returns the outcome for jqwik's statistics. */
    public interface Check {
        String run() throws Exception;
    }

    /** One thread runs every input so that a hang (a timeout) fails the test instead of the build. */
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "r4j-fuzz");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code check}, failing if it takes more than 10 seconds; its exceptions and Errors
     * propagate. The outcome is collected in jqwik's statistics (which show what the inputs reach).
     */
    public static void withinTimeLimit(Check check) throws Exception {
        Future<String> f = RUNNER.submit(check::run);
        try {
            // grouped by the message's start, numbers folded, so the table shows which checks inputs reach
            String outcome = f.get(10, TimeUnit.SECONDS).replaceAll("[0-9]+", "N");
            Statistics.collect(outcome.substring(0, Math.min(outcome.length(), 32)));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("an input took more than 10 s (a hang?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception) {
                throw (Exception) c;
            }
            throw (Error) c;
        }
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
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 8),
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
                case 8: { // replace the next number (a dimension, an offset, a degree) with another
                    int start = p;
                    while (start < n && (b[start] < '0' || b[start] > '9')) {
                        start++;
                    }
                    int end = start;
                    while (end < n && b[end] >= '0' && b[end] <= '9') {
                        end++;
                    }
                    byte[] number = NUMBERS[op.value % NUMBERS.length];
                    b = concat(Arrays.copyOf(b, start), number, Arrays.copyOfRange(b, end, n));
                    break;
                }
                default: // overwrite with a token
                    b = concat(Arrays.copyOf(b, p), token, Arrays.copyOfRange(b, Math.min(n, p + token.length), n));
                    break;
            }
        }
        return b;
    }

    /**
     * Sets a length-prefixed header's length to where its text seems to end, so that mutations
     * inside the header reach the header parser instead of stopping at "truncated". {@code at} is
     * the offset of the length field, {@code width} its size (2, 4 or 8 bytes, little-endian), and
     * the header ends after the last {@code close} in the printable run after the length field.
     */
    public static byte[] fixLength(byte[] b, int at, int width, char close) {
        int start = at + width;
        if (b.length < start) {
            return b;
        }
        int end = -1;
        for (int i = start; i < b.length && b[i] >= 0x09 && b[i] < 0x7f; i++) {
            if (b[i] == close) {
                end = i + 1;
            }
        }
        if (end < 0) {
            return b;
        }
        while (end < b.length && (b[end] == ' ' || b[end] == '\n')) {
            end++;
        }
        byte[] out = b.clone();
        long len = end - start;
        for (int i = 0; i < width; i++) {
            out[at + i] = (byte) (len >>> (8 * i));
        }
        return out;
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
