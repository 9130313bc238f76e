package io.github.wstoolkit.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON Schema subset of is-json and contains-json: each keyword accepts what it should and names what is wrong. */
class JsonSchemaTest {

    private static List<String> errors(String schema, String value) {
        return JsonSchema.validate(Json.parse(schema), Json.parse(value));
    }

    private static void valid(String schema, String value) {
        assertEquals(List.of(), errors(schema, value), schema + " against " + value);
    }

    private static void invalid(String schema, String value, String... expected) {
        assertEquals(List.of(expected), errors(schema, value), schema + " against " + value);
    }

    @Test
    void booleanAndMissingSchemas() {
        valid("true", "{\"a\": 1}");
        assertEquals(List.of(), JsonSchema.validate(null, "anything"));
        invalid("false", "1", "/: no value is allowed here");
        invalid("[1]", "1", "/: the schema is not an object");
        valid("{}", "null");
    }

    @Test
    void typeNamesEveryJsonTypeAndStopsAtAMismatch() {
        valid("{\"type\": \"object\"}", "{}");
        valid("{\"type\": \"array\"}", "[]");
        valid("{\"type\": \"string\"}", "\"s\"");
        valid("{\"type\": \"boolean\"}", "false");
        valid("{\"type\": \"null\"}", "null");
        valid("{\"type\": \"number\"}", "1.5");
        valid("{\"type\": \"integer\"}", "3");
        valid("{\"type\": \"integer\"}", "3.0");
        valid("{\"type\": \"integer\"}", "12345678901");
        assertEquals(List.of(), JsonSchema.validate(Map.of("type", "integer"), new BigInteger("1" + "0".repeat(30))));
        invalid("{\"type\": \"integer\"}", "3.5", "/: must be integer, got number");
        assertEquals(
                List.of("/: must be integer, got number"),
                JsonSchema.validate(Map.of("type", "integer"), Double.POSITIVE_INFINITY));
        invalid("{\"type\": \"mystery\"}", "1", "/: must be mystery, got number");
        assertEquals(List.of(), JsonSchema.validate(Map.of("type", "integer"), 3.0d));
        assertEquals(List.of(), JsonSchema.validate(Map.of("type", "integer"), 7.0f));
        invalid("{\"type\": \"integer\"}", "\"3\"", "/: must be integer, got string");
        invalid("{\"type\": \"object\"}", "[]", "/: must be object, got array");
        invalid("{\"type\": \"array\"}", "{}", "/: must be array, got object");
        invalid("{\"type\": \"string\"}", "null", "/: must be string, got null");
        invalid("{\"type\": \"null\"}", "true", "/: must be null, got boolean");
        invalid("{\"type\": \"boolean\"}", "\"true\"", "/: must be boolean, got string");
        invalid("{\"type\": [\"string\", \"null\"]}", "1", "/: must be string or null, got number");
        valid("{\"type\": [\"string\", \"null\"]}", "null");
        // a type mismatch is the only error: the other keywords are not checked against the wrong type
        invalid("{\"type\": \"string\", \"const\": 1}", "1", "/: must be string, got number");
    }

    @Test
    void constAndEnumCompareNumbersByValue() {
        valid("{\"const\": 1}", "1.0");
        valid("{\"const\": {\"a\": [1, 2]}}", "{\"a\": [1.0, 2]}");
        invalid("{\"const\": {\"a\": [1, 2]}}", "{\"a\": [2, 1]}", "/: must equal {\"a\":[1,2]}");
        invalid("{\"const\": null}", "0", "/: must equal null");
        valid("{\"const\": null}", "null");
        valid("{\"enum\": [\"a\", 2]}", "2.0");
        invalid("{\"enum\": [\"a\", 2]}", "\"b\"", "/: must be one of [\"a\",2]");
        valid("{\"enum\": \"not a list\"}", "\"b\"");
    }

    @Test
    void numberBoundsAreInclusiveOrExclusive() {
        valid("{\"minimum\": 1, \"maximum\": 3}", "1");
        valid("{\"minimum\": 1, \"maximum\": 3}", "3");
        invalid("{\"minimum\": 1, \"maximum\": 3}", "0.5", "/: must be >= 1");
        invalid("{\"minimum\": 1, \"maximum\": 3}", "3.5", "/: must be <= 3");
        valid("{\"exclusiveMinimum\": 1, \"exclusiveMaximum\": 3}", "2");
        invalid("{\"exclusiveMinimum\": 1, \"exclusiveMaximum\": 3}", "1", "/: must be > 1");
        invalid("{\"exclusiveMinimum\": 1, \"exclusiveMaximum\": 3}", "3", "/: must be < 3");
        invalid("{\"minimum\": 0.5}", "0.25", "/: must be >= 0.5");
        valid("{\"minimum\": 1}", "\"0\"");
    }

    @Test
    void stringLengthCountsCharactersAndPatternSearches() {
        valid("{\"minLength\": 2, \"maxLength\": 2}", "\"\\ud83d\\ude00é\"");
        invalid("{\"minLength\": 2}", "\"a\"", "/: must have at least 2 characters");
        invalid("{\"maxLength\": 1}", "\"ab\"", "/: must have at most 1 characters");
        valid("{\"minLength\": 1, \"maxLength\": 1}", "\"a\"");
        valid("{\"pattern\": \"b+\"}", "\"abbc\"");
        invalid("{\"pattern\": \"^b\"}", "\"abc\"", "/: must match pattern ^b");
        valid("{\"minLength\": 5, \"pattern\": \"x\"}", "5");
    }

    @Test
    void arraysCountAndCheckEveryItem() {
        valid("{\"minItems\": 1, \"maxItems\": 2}", "[1]");
        valid("{\"minItems\": 1, \"maxItems\": 2}", "[1, 2]");
        invalid("{\"minItems\": 1}", "[]", "/: must have at least 1 items");
        invalid("{\"maxItems\": 1}", "[1, 2]", "/: must have at most 1 items");
        invalid(
                "{\"items\": {\"type\": \"number\"}}",
                "[1, \"x\", 3, null]",
                "/1: must be number, got string",
                "/3: must be number, got null");
        valid("{\"minItems\": 3}", "{}");
    }

    @Test
    void objectsCheckRequiredPropertiesAndAdditionalOnes() {
        String schema = "{\"required\": [\"name\", \"age\"], \"properties\": {\"name\": {\"type\": \"string\"},"
                + " \"age\": {\"type\": \"integer\", \"minimum\": 0}}}";
        valid(schema, "{\"name\": \"Ada\", \"age\": 36, \"extra\": true}");
        invalid(schema, "{\"name\": \"Ada\"}", "/: must have required property 'age'");
        invalid(schema, "{\"name\": 1, \"age\": -1}", "/name: must be string, got number", "/age: must be >= 0");
        invalid(
                "{\"properties\": {\"a\": {}}, \"additionalProperties\": false}",
                "{\"a\": 1, \"b\": 2}",
                "/: must not have additional property 'b'");
        invalid(
                "{\"additionalProperties\": {\"type\": \"string\"}}",
                "{\"a\": \"x\", \"b\": 2}",
                "/b: must be string, got number");
        invalid(
                "{\"properties\": {\"o\": {\"properties\": {\"deep\": {\"const\": 1}}}}}",
                "{\"o\": {\"deep\": 2}}",
                "/o/deep: must equal 1");
        valid("{\"required\": [\"x\"]}", "[1]");
    }

    @Test
    void combinatorsAllAnyOneAndNot() {
        String two = "[{\"type\": \"integer\"}, {\"minimum\": 2}]";
        valid("{\"allOf\": " + two + "}", "3");
        invalid("{\"allOf\": " + two + "}", "1.5", "/: must be integer, got number", "/: must be >= 2");
        valid("{\"anyOf\": " + two + "}", "1");
        valid("{\"anyOf\": " + two + "}", "2.5");
        invalid("{\"anyOf\": " + two + "}", "1.5", "/: must match a schema in anyOf");
        valid("{\"oneOf\": " + two + "}", "1");
        invalid("{\"oneOf\": " + two + "}", "3", "/: must match exactly one schema in oneOf (matched 2)");
        invalid("{\"oneOf\": " + two + "}", "1.5", "/: must match exactly one schema in oneOf (matched 0)");
        valid("{\"not\": {\"type\": \"string\"}}", "1");
        invalid("{\"not\": {\"type\": \"string\"}}", "\"s\"", "/: must not match the schema in 'not'");
    }

    @Test
    void sameIsDeepJsonEqualityWithNumbersByValue() {
        assertTrue(JsonSchema.same(1, 1.0));
        assertTrue(JsonSchema.same(new BigInteger("10000000000000000000"), 1e19));
        assertFalse(JsonSchema.same(1, 2));
        assertFalse(JsonSchema.same(Double.NaN, Double.NaN), "NaN equals nothing, as in JavaScript");
        assertTrue(JsonSchema.same(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(JsonSchema.same(Double.POSITIVE_INFINITY, 1));
        assertTrue(JsonSchema.same(Map.of("a", List.of(1)), Map.of("a", List.of(1.0))));
        assertFalse(JsonSchema.same(Map.of("a", 1), Map.of("a", 1, "b", 2)));
        assertFalse(JsonSchema.same(Map.of("a", 1), Map.of("b", 1)));
        assertFalse(JsonSchema.same(Map.of("a", 1), Map.of("a", 2)));
        assertFalse(JsonSchema.same(List.of(1), List.of(1, 2)));
        assertFalse(JsonSchema.same(List.of(1, 2), List.of(1, 3)));
        assertFalse(JsonSchema.same(List.of(1), Map.of()));
        assertTrue(JsonSchema.same("x", "x"));
        assertFalse(JsonSchema.same("1", 1));
        assertTrue(JsonSchema.same(null, null));
        // integers past 2^53 compare exactly, not as the doubles they round to
        assertFalse(JsonSchema.same(9007199254740993L, 9007199254740992L));
        assertTrue(JsonSchema.same(9007199254740993L, new BigInteger("9007199254740993")));
    }
}
