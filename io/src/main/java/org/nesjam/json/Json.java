package org.nesjam.json;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser with positions, and a pretty writer. Strict means: no comments, no trailing
 * commas, no duplicate keys, no NaN/Infinity, no leading zeros, no text after the value, UTF-8 only. Every error
 * is a {@link JsonException} naming the source, line, column and the field being read; a file cut short reports
 * "unexpected end of file (truncated?)" with the field that was open. [thread-safe: no shared state]
 */
public final class Json {
    /** Nesting deeper than this is rejected (protects the stack on hostile input). */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private final String source;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Json(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parse {@code text}; {@code source} names it in errors (a file name). */
    public static JsonValue parse(String text, String source) throws JsonException {
        Json p = new Json(text, source);
        p.skipSpace();
        if (p.pos == 0 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            p.pos = 1;
            p.skipSpace();
        }
        if (p.pos >= text.length()) {
            throw new JsonException(source, p.line, p.column(), "", "empty file (expected a JSON value)");
        }
        JsonValue v = p.value("", 0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.fail("", "unexpected text after the end of the JSON value");
        }
        return v;
    }

    /** Read and parse a UTF-8 file; errors name the file. */
    public static JsonValue parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException(file.toString(), 0, 0, "", "not UTF-8 text");
        }
        return parse(text, file.toString());
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private JsonException fail(String path, String problem) {
        return new JsonException(source, line, column(), path, problem);
    }

    private JsonException eof(String path) {
        return new JsonException(source, line, column(), path, "unexpected end of file (truncated?)");
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonValue value(String path, int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw fail(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw eof(path);
        }
        int l = line;
        int col = column();
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(path, depth, l, col);
            case '[':
                return array(path, depth, l, col);
            case '"':
                return new JsonValue.Str(source, l, col, path, string(path));
            case 't':
                literal("true", path);
                return new JsonValue.Bool(source, l, col, path, true);
            case 'f':
                literal("false", path);
                return new JsonValue.Bool(source, l, col, path, false);
            case 'n':
                literal("null", path);
                return new JsonValue.Null(source, l, col, path);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return new JsonValue.Num(source, l, col, path, number(path));
                }
                if (c == '/') {
                    throw fail(path, "comments are not allowed in JSON");
                }
                throw fail(path, "unexpected character '" + printable(c) + "' (expected a JSON value)");
        }
    }

    private JsonValue object(String path, int depth, int l, int col) throws JsonException {
        pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return new JsonValue.Obj(source, l, col, path, members);
        }
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw eof(path);
            }
            char c = text.charAt(pos);
            if (c != '"') {
                throw fail(path, c == '}' ? "trailing comma before '}'" : "expected a \"key\", got '" + printable(c) + "'");
            }
            int keyLine = line;
            int keyCol = column();
            String key = string(path);
            String child = JsonValue.childPath(path, key);
            if (members.containsKey(key)) {
                throw new JsonException(source, keyLine, keyCol, child, "duplicate key");
            }
            skipSpace();
            if (pos >= text.length()) {
                throw eof(child);
            }
            if (text.charAt(pos) != ':') {
                throw fail(child, "expected ':' after the key");
            }
            pos++;
            members.put(key, value(child, depth + 1));
            skipSpace();
            if (pos >= text.length()) {
                throw eof(path);
            }
            c = text.charAt(pos++);
            if (c == '}') {
                return new JsonValue.Obj(source, l, col, path, members);
            }
            if (c != ',') {
                pos--;
                throw fail(path, "expected ',' or '}' after field \"" + key + "\", got '" + printable(c) + "'");
            }
        }
    }

    private JsonValue array(String path, int depth, int l, int col) throws JsonException {
        pos++;
        List<JsonValue> items = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return new JsonValue.Arr(source, l, col, path, items);
        }
        while (true) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                throw fail(path, "trailing comma before ']'");
            }
            items.add(value(path + "[" + items.size() + "]", depth + 1));
            skipSpace();
            if (pos >= text.length()) {
                throw eof(path);
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return new JsonValue.Arr(source, l, col, path, items);
            }
            if (c != ',') {
                pos--;
                throw fail(path, "expected ',' or ']' in array, got '" + printable(c) + "'");
            }
        }
    }

    private String string(String path) throws JsonException {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw eof(path);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw eof(path);
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw eof(path);
                        }
                        int cp = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(text.charAt(pos++), 16);
                            if (d < 0) {
                                pos--;
                                throw fail(path, "bad \\u escape in string");
                            }
                            cp = cp * 16 + d;
                        }
                        sb.append((char) cp);
                        break;
                    default:
                        pos--;
                        throw fail(path, "bad escape '\\" + printable(e) + "' in string");
                }
            } else if (c < 0x20) {
                pos--;
                throw fail(path, c == '\n' ? "string not closed before end of line" : "control character in string");
            } else {
                sb.append(c);
            }
        }
    }

    private double number(String path) throws JsonException {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= text.length()) {
            throw eof(path);
        }
        char c = text.charAt(pos);
        if (c == '0') {
            pos++;
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                throw fail(path, "leading zeros are not allowed in numbers");
            }
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw fail(path, "bad number");
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw pos >= text.length() ? eof(path) : fail(path, "expected digits after '.'");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw pos >= text.length() ? eof(path) : fail(path, "expected digits in exponent");
            }
        }
        double d = Double.parseDouble(text.substring(start, pos));
        if (!Double.isFinite(d)) {
            throw fail(path, "number out of range");
        }
        return d;
    }

    private int digits() {
        int n = 0;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    private void literal(String word, String path) throws JsonException {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= text.length()) {
                throw eof(path);
            }
            if (text.charAt(pos) != word.charAt(i)) {
                throw fail(path, "unexpected character '" + printable(text.charAt(pos)) + "' (expected a JSON value)");
            }
            pos++;
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Pretty JSON (2-space indent, keys in map order, newline at the end) of plain Java values: Map with String
     * keys, List, String, Number (integral values written without a fraction), Boolean, null.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            if (n instanceof Integer || n instanceof Long) {
                sb.append(n.longValue());
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append((long) d);
            } else {
                sb.append(d);
            }
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                indent(sb, indent + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            indent(sb, indent);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean flat = l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean
                    || x instanceof String);
            if (flat) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, l.get(i), indent);
                }
                sb.append(']');
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                indent(sb, indent + 1);
                write(sb, l.get(i), indent + 1);
                sb.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            indent(sb, indent);
            sb.append(']');
        } else if (v instanceof JsonValue j) {
            write(sb, j.toJava(), indent);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void indent(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append("  ");
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
