package org.nesjam.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON value that remembers where it came from (source, line, column) and its field path, so schema
 * checks can report one precise line ({@link #error}). Immutable after parsing. [thread-safe]
 */
public abstract class JsonValue {
    final String source;
    final int line;
    final int column;
    final String path;

    JsonValue(String source, int line, int column, String path) {
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
    }

    /** The file or origin this value was parsed from. */
    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Dotted field path from the document root ({@code params.duty}, {@code plugins[0]}); empty for the root. */
    public String path() {
        return path;
    }

    /** A short name of the JSON type for messages: object, array, string, number, boolean, null. */
    public abstract String typeName();

    /** The plain Java form: Map (insertion-ordered), List, String, Double, Boolean or null. */
    public abstract Object toJava();

    /** An exception positioned at this value, naming its field. */
    public JsonException error(String problem) {
        return new JsonException(source, line, column, path, problem);
    }

    /** Cast to object, or an error naming the field. */
    public Obj asObject() throws JsonException {
        if (this instanceof Obj o) {
            return o;
        }
        throw error("expected an object, got " + article(typeName()));
    }

    public Arr asArray() throws JsonException {
        if (this instanceof Arr a) {
            return a;
        }
        throw error("expected an array, got " + article(typeName()));
    }

    public String asString() throws JsonException {
        if (this instanceof Str s) {
            return s.value;
        }
        throw error("expected a string, got " + article(typeName()));
    }

    public double asNumber() throws JsonException {
        if (this instanceof Num n) {
            return n.value;
        }
        throw error("expected a number, got " + article(typeName()));
    }

    /** An integer-valued number (no fraction, within int range). */
    public int asInt() throws JsonException {
        double d = asNumber();
        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw error("expected an integer, got " + Num.format(d));
        }
        return (int) d;
    }

    /** An integer in {@code [min, max]}. */
    public int asInt(int min, int max) throws JsonException {
        int v = asInt();
        if (v < min || v > max) {
            throw error("value " + v + " out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    public boolean asBoolean() throws JsonException {
        if (this instanceof Bool b) {
            return b.value;
        }
        throw error("expected true or false, got " + article(typeName()));
    }

    static String article(String type) {
        return switch (type) {
            case "object", "array" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    /** A JSON object; keys keep their file order. */
    public static final class Obj extends JsonValue {
        private final Map<String, JsonValue> members;

        Obj(String source, int line, int column, String path, Map<String, JsonValue> members) {
            super(source, line, column, path);
            this.members = Collections.unmodifiableMap(members);
        }

        public Map<String, JsonValue> members() {
            return members;
        }

        public boolean has(String key) {
            return members.containsKey(key);
        }

        /** The member or null. */
        public JsonValue get(String key) {
            return members.get(key);
        }

        /** The member, or an error naming the missing field. */
        public JsonValue require(String key) throws JsonException {
            JsonValue v = members.get(key);
            if (v == null) {
                throw new JsonException(source, line, column, childPath(path, key), "missing (required)");
            }
            return v;
        }

        /** Rejects the first member whose key is not in {@code allowed}, naming it and listing the allowed ones. */
        public Obj allowOnly(Set<String> allowed) throws JsonException {
            for (Map.Entry<String, JsonValue> e : members.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    List<String> sorted = new ArrayList<>(allowed);
                    Collections.sort(sorted);
                    throw e.getValue().error("unknown field (allowed here: " + String.join(", ", sorted) + ")");
                }
            }
            return this;
        }

        public String string(String key) throws JsonException {
            return require(key).asString();
        }

        public String string(String key, String fallback) throws JsonException {
            JsonValue v = members.get(key);
            return v == null ? fallback : v.asString();
        }

        public int integer(String key, int fallback) throws JsonException {
            JsonValue v = members.get(key);
            return v == null ? fallback : v.asInt();
        }

        @Override
        public String typeName() {
            return "object";
        }

        @Override
        public Object toJava() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> e : members.entrySet()) {
                m.put(e.getKey(), e.getValue().toJava());
            }
            return m;
        }
    }

    public static final class Arr extends JsonValue {
        private final List<JsonValue> items;

        Arr(String source, int line, int column, String path, List<JsonValue> items) {
            super(source, line, column, path);
            this.items = Collections.unmodifiableList(items);
        }

        public List<JsonValue> items() {
            return items;
        }

        public int size() {
            return items.size();
        }

        public JsonValue get(int index) {
            return items.get(index);
        }

        @Override
        public String typeName() {
            return "array";
        }

        @Override
        public Object toJava() {
            List<Object> l = new ArrayList<>(items.size());
            for (JsonValue v : items) {
                l.add(v.toJava());
            }
            return l;
        }
    }

    public static final class Str extends JsonValue {
        final String value;

        Str(String source, int line, int column, String path, String value) {
            super(source, line, column, path);
            this.value = value;
        }

        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    public static final class Num extends JsonValue {
        final double value;

        Num(String source, int line, int column, String path, double value) {
            super(source, line, column, path);
            this.value = value;
        }

        static String format(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }

        @Override
        public String typeName() {
            return "number";
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    public static final class Bool extends JsonValue {
        final boolean value;

        Bool(String source, int line, int column, String path, boolean value) {
            super(source, line, column, path);
            this.value = value;
        }

        @Override
        public String typeName() {
            return "boolean";
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    public static final class Null extends JsonValue {
        Null(String source, int line, int column, String path) {
            super(source, line, column, path);
        }

        @Override
        public String typeName() {
            return "null";
        }

        @Override
        public Object toJava() {
            return null;
        }
    }

    static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
