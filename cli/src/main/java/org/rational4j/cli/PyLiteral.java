package org.rational4j.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rational4j.cli.NpyArray.NpyFormatException;

/**
 * The Python literals a {@code .npy} header is made of, read as numpy reads them
 * ({@code ast.literal_eval}): a dict of string keys whose values are strings ({@code 'x'},
 * {@code "x"}, {@code u'x'}), {@code True}/{@code False}, non-negative ints (with numpy's Python 2
 * {@code L} suffix in format versions 1 and 2), tuples and lists of these; trailing commas allowed.
 * Unlike Python, a repeated key is an error, not "the last one wins". Anything else (escapes,
 * expressions, comments) is refused with the offset of the problem.
 */
final class PyLiteral {
    /** Deepest nesting of tuples and lists accepted (a structured dtype needs a few). */
    private static final int MAX_DEPTH = 32;

    /** A tuple, to tell {@code (1, 2)} from {@code [1, 2]}. */
    record PyTuple(List<Object> items) {
    }

    /** A list (in a .npy header, a structured dtype's descr). */
    record PyList(List<Object> items) {
    }

    private final String text;
    private final boolean longSuffix;
    private int pos;

    PyLiteral(String text, boolean longSuffix) {
        this.text = text;
        this.longSuffix = longSuffix;
    }

    /** The whole text as one dict, with whitespace around it only. */
    Map<String, Object> dict() throws NpyFormatException {
        skipSpace();
        if (!peek('{')) {
            throw error("the header is not a Python dict");
        }
        pos++;
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        while (!peek('}')) {
            Object key = value(0);
            if (!(key instanceof String)) {
                throw error("a header key must be a string, got " + show(key));
            }
            skipSpace();
            expect(':');
            Object v = value(0);
            if (out.containsKey(key)) {
                throw error("the header has the key '" + key + "' twice (numpy would take the last one)");
            }
            out.put((String) key, v);
            if (!separator('}')) {
                break;
            }
        }
        expect('}');
        skipSpace();
        if (pos < text.length()) {
            throw error("the header has more after its dict");
        }
        return out;
    }

    private Object value(int depth) throws NpyFormatException {
        skipSpace();
        if (pos >= text.length()) {
            throw error("the header ends early");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return string();
        }
        if ((c == 'u' || c == 'U') && pos + 1 < text.length()
                && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
            pos++;
            return string();
        }
        if (c == '(' || c == '[') {
            if (depth >= MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            char close = c == '(' ? ')' : ']';
            pos++;
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            skipSpace();
            while (!peek(close)) {
                items.add(value(depth + 1));
                comma = separator(close);
                if (!comma) {
                    break;
                }
            }
            expect(close);
            // (5) is the int 5 in Python; a one-item tuple is (5,)
            if (c == '(' && items.size() == 1 && !comma) {
                return items.get(0);
            }
            return c == '(' ? new PyTuple(List.copyOf(items)) : new PyList(List.copyOf(items));
        }
        if (c >= '0' && c <= '9') {
            return integer();
        }
        if (text.startsWith("True", pos) && !identifierAt(pos + 4)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos) && !identifierAt(pos + 5)) {
            pos += 5;
            return Boolean.FALSE;
        }
        throw error("unexpected '" + printable(c) + "' (a .npy header holds strings, ints, True, False and tuples)");
    }

    /** After an item: ',' (true, more may follow) or the closing bracket (false). */
    private boolean separator(char close) throws NpyFormatException {
        skipSpace();
        if (peek(',')) {
            pos++;
            skipSpace();
            return true;
        }
        if (!peek(close)) {
            throw error("expected ',' or '" + close + "'");
        }
        return false;
    }

    private String string() throws NpyFormatException {
        char quote = text.charAt(pos++);
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos);
            if (c == '\\') {
                throw error("escape sequences in strings are not supported");
            }
            if (c == '\n' || c == '\r') {
                throw error("a string is not closed on its line");
            }
            pos++;
        }
        if (pos >= text.length()) {
            throw error("a string is not closed");
        }
        return text.substring(start, pos++);
    }

    private BigInteger integer() throws NpyFormatException {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (digits.length() > 1 && digits.charAt(0) == '0' && !digits.chars().allMatch(ch -> ch == '0')) {
            throw error("leading zeros in the int " + digits);
        }
        if (digits.length() > 40) {
            throw error("the int " + digits.substring(0, 20) + "... is too long");
        }
        if (longSuffix && pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++; // numpy drops Python 2's long suffix from version 1 and 2 headers
        }
        if (identifierAt(pos)) {
            throw error("unexpected '" + printable(text.charAt(pos)) + "' after the int " + digits);
        }
        return new BigInteger(digits);
    }

    private boolean identifierAt(int i) {
        return i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                || text.charAt(i) == '.');
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return;
            }
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) throws NpyFormatException {
        skipSpace();
        if (!peek(c)) {
            throw error(pos >= text.length() ? "the header ends early (expected '" + c + "')"
                    : "expected '" + c + "', got '" + printable(text.charAt(pos)) + "'");
        }
        pos++;
    }

    private NpyFormatException error(String what) {
        return new NpyFormatException("header is not a valid .npy header dict: " + what + " at offset " + pos + ": "
                + abbreviate(text));
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static String abbreviate(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            b.append(printable(s.charAt(i)).length() == 1 ? s.charAt(i) : '?');
        }
        return s.length() > 80 ? b + "..." : b.toString().strip();
    }

    /** A value as Python would print it, for error messages. */
    static String show(Object v) {
        if (v instanceof String) {
            return "'" + abbreviate((String) v) + "'";
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "True" : "False";
        }
        if (v instanceof PyTuple || v instanceof PyList) {
            List<Object> items = v instanceof PyTuple ? ((PyTuple) v).items() : ((PyList) v).items();
            StringBuilder b = new StringBuilder(v instanceof PyTuple ? "(" : "[");
            for (int i = 0; i < items.size() && b.length() < 80; i++) {
                b.append(i == 0 ? "" : ", ").append(show(items.get(i)));
            }
            if (v instanceof PyTuple && items.size() == 1) {
                b.append(',');
            }
            return b.append(v instanceof PyTuple ? ")" : "]").toString();
        }
        return String.valueOf(v);
    }
}
