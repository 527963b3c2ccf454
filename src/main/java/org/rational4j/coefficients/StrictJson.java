package org.rational4j.coefficients;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON reader of every coefficient file: RFC 8259 only (no NaN, comments, single quotes or
 * unquoted names, which Gson's default accepts), no duplicate names in any object (Gson keeps the
 * last one silently), strict UTF-8, at most {@link #MAX_DEPTH} levels and a bounded number of bytes.
 * Every failure is a {@link CheckpointFormatException} naming the source.
 */
final class StrictJson {
    /** Deepest nesting accepted; coefficient files need 4. */
    static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    /** Thrown by {@link Bounded} when a file is larger than the reader accepts. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("larger than " + limit + " bytes, the most this reader accepts");
        }
    }

    /** Fails as soon as more than {@code limit} bytes have been read (endless inputs such as /dev/zero). */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                add(r);
            }
            return r;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    /** Reads a JSON file of at most {@code maxBytes} bytes (also a pipe or device: the read is bounded). */
    static JsonElement read(Path file, long maxBytes) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw new CheckpointFormatException(file, Files.size(file) + " bytes is larger than the " + maxBytes
                    + " bytes this reader accepts");
        }
        try (InputStream in = new Bounded(Files.newInputStream(file), maxBytes)) {
            Reader r = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            return parse(r, file.toString());
        } catch (TooLarge e) {
            throw new CheckpointFormatException(file, e.getMessage());
        }
    }

    /** Parses JSON text (already decoded). */
    static JsonElement parse(String json, String source) throws CheckpointFormatException {
        try {
            return parse(new StringReader(json), source);
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointFormatException(source, "not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Parses one JSON value followed only by whitespace. I/O errors of {@code reader} other than bad
     * UTF-8 and bad JSON propagate as they are.
     */
    static JsonElement parse(Reader reader, String source) throws IOException {
        JsonReader r = new JsonReader(reader);
        r.setStrictness(Strictness.STRICT);
        try {
            JsonElement root = value(r, source, "", 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new CheckpointFormatException(source, "not valid JSON: data after the top-level value at "
                        + r.getPath());
            }
            return root;
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(source, "not valid UTF-8", e);
        } catch (MalformedJsonException | java.io.EOFException | IllegalStateException | NumberFormatException e) {
            throw new CheckpointFormatException(source, "not valid JSON: " + gsonMessage(e), e);
        }
    }

    /** Gson's message without its advice to parse leniently and its troubleshooting link. */
    private static String gsonMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        int see = m.indexOf("\nSee ");
        if (see >= 0) {
            m = m.substring(0, see);
        }
        return m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON")
                .replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON").trim();
    }

    private static JsonElement value(JsonReader r, String source, String path, int depth) throws IOException {
        JsonToken t = r.peek();
        switch (t) {
            case BEGIN_OBJECT: {
                checkDepth(source, path, depth);
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    String at = path.isEmpty() ? name : path + "." + name;
                    if (o.has(name)) {
                        throw new CheckpointFormatException(source, "duplicate name '" + at + "' (JSON readers "
                                + "disagree on which one counts)");
                    }
                    o.add(name, value(r, source, at, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY: {
                checkDepth(source, path, depth);
                JsonArray a = new JsonArray();
                r.beginArray();
                for (int i = 0; r.hasNext(); i++) {
                    a.add(value(r, source, path + "[" + i + "]", depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING:
                return new JsonPrimitive(r.nextString());
            case NUMBER:
                return new JsonPrimitive(new Num(r.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(r.nextBoolean());
            case NULL:
                r.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new CheckpointFormatException(source, "not valid JSON: unexpected " + t + " at " + r.getPath());
        }
    }

    /**
     * A JSON number kept as its text, so that -0.0 stays negative and every reader (double, long,
     * BigDecimal) converts from the digits the file has.
     */
    private static final class Num extends Number {
        private static final long serialVersionUID = 1L;
        private final String text;

        Num(String text) {
            this.text = text;
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public float floatValue() {
            return Float.parseFloat(text);
        }

        @Override
        public long longValue() {
            return (long) doubleValue();
        }

        @Override
        public int intValue() {
            return (int) doubleValue();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static void checkDepth(String source, String path, int depth) throws CheckpointFormatException {
        if (depth >= MAX_DEPTH) {
            throw new CheckpointFormatException(source, "JSON nested deeper than " + MAX_DEPTH + " levels at \""
                    + path + "\"");
        }
    }

    /** A JSON number (not a string that looks like one). */
    static boolean isNumber(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }
}
