package org.nesjam.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static JsonException bad(String text) {
        return assertThrows(JsonException.class, () -> Json.parse(text, "x.json"));
    }

    @Test
    void parsesAndRoundTrips() throws Exception {
        String text = "{\"a\": 1, \"b\": [true, null, \"s\\n\\u00e9\"], \"c\": {\"d\": -2.5e1}}";
        JsonValue v = Json.parse(text, "x.json");
        Map<?, ?> m = (Map<?, ?>) v.toJava();
        assertEquals(1.0, m.get("a"));
        assertEquals(-25.0, ((Map<?, ?>) m.get("c")).get("d"));
        assertEquals(List.of(true, "s\né"), List.of(((List<?>) m.get("b")).get(0), ((List<?>) m.get("b")).get(2)));
        assertEquals(m, Json.parse(Json.write(m), "y.json").toJava());
        JsonValue d = v.asObject().get("c").asObject().get("d");
        assertEquals("c.d", d.path());
        assertEquals(1, d.line());
    }

    @Test
    void truncatedNamesTheOpenField() {
        JsonException e = bad("{\n  \"params\": {\n    \"duty\": 2,\n");
        assertEquals("params", e.field());
        assertEquals(4, e.line());
        assertEquals("x.json:4:1: field \"params\": unexpected end of file (truncated?)", e.getMessage());
    }

    @Test
    void strictness() {
        assertEquals("trailing comma before '}'", bad("{\"a\":1,}").problem());
        assertEquals("trailing comma before ']'", bad("[1,]").problem());
        assertEquals("duplicate key", bad("{\"a\":1,\"a\":2}").problem());
        assertEquals("leading zeros are not allowed in numbers", bad("[01]").problem());
        assertEquals("comments are not allowed in JSON", bad("// x\n{}").problem());
        assertEquals("unexpected text after the end of the JSON value", bad("{} {}").problem());
        assertEquals("empty file (expected a JSON value)", bad("  ").problem());
        assertEquals("x.json:1:11: field \"a.b\": unexpected character 'N' (expected a JSON value)",
                bad("{\"a\":{\"b\":NaN}}").getMessage());
    }

    @Test
    void schemaHelpersNameTheField() throws Exception {
        JsonValue.Obj o = Json.parse("{\"p\": {\"k\": \"x\", \"zz\": 1}}", "f.json").asObject();
        JsonException e = assertThrows(JsonException.class, () -> o.get("p").asObject().get("k").asNumber());
        assertEquals("f.json:1:13: field \"p.k\": expected a number, got a string", e.getMessage());
        e = assertThrows(JsonException.class, () -> o.get("p").asObject().allowOnly(Set.of("k")));
        assertEquals("p.zz", e.field());
        e = assertThrows(JsonException.class, () -> o.require("name"));
        assertEquals("name", e.field());
    }
}
