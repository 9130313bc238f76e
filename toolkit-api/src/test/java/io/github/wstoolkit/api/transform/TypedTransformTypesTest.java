package io.github.wstoolkit.api.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.JsonException;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame, result and outcome types a Java transform works with, and the initial-accumulator trap. */
class TypedTransformTypesTest {

    private static final Duration AT = Duration.ofMillis(12);

    @Test
    void aTextFrameIsTextAndJsonParsedOnce() {
        StreamFrame f = StreamFrame.text("{\"type\":\"delta\",\"n\":[1,2]}", 3, AT);
        assertFalse(f.isBinary());
        assertTrue(f.isJson());
        assertSame(f.json(), f.json(), "parsed once, then kept");
        assertEquals("delta", f.jsonObject().getString("type"));
        assertEquals(Map.of("type", "delta", "n", List.of(1, 2)), f.value());
        assertSame(f.value(), f.value());
        assertEquals(3, f.index());
        assertEquals(AT, f.at());
        assertArrayEquals("{\"type\":\"delta\",\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8), f.bytes());
    }

    @Test
    void framesThatAreNotJsonOrNotObjectsSayWhichFrameAndWhy() {
        StreamFrame text = StreamFrame.text("hello", 0, AT);
        assertFalse(text.isJson());
        assertEquals("hello", text.value());
        JsonException e = assertThrows(JsonException.class, text::json);
        assertTrue(e.getMessage().startsWith("frame 0 is not JSON: "), e.getMessage());

        StreamFrame array = StreamFrame.text("[1]", 1, AT);
        assertEquals(JsonValue.ValueType.ARRAY, array.json().getValueType());
        JsonException notObject = assertThrows(JsonException.class, array::jsonObject);
        assertEquals("frame 1 is a JSON array, not an object", notObject.getMessage());

        StreamFrame empty = StreamFrame.text("", 2, AT);
        assertFalse(empty.isJson());
        assertThrows(JsonException.class, empty::json);
    }

    @Test
    void aBinaryFrameHasBytesAndNoText() {
        byte[] data = {1, 2, 3};
        StreamFrame f = StreamFrame.binary(data, 0, AT);
        data[0] = 9;
        assertTrue(f.isBinary());
        assertArrayEquals(new byte[] {1, 2, 3}, f.bytes(), "copied in");
        assertFalse(f.isJson());
        IllegalStateException e = assertThrows(IllegalStateException.class, f::text);
        assertTrue(e.getMessage().contains("binary frame (3 bytes)"), e.getMessage());
        assertThrows(JsonException.class, f::json);
        assertEquals(f, StreamFrame.of(StreamEvent.binary(new byte[] {1, 2, 3}, 0, AT)));
    }

    @Test
    void aResultIsAnOutputOrAnErrorInPromptfoosMapShape() {
        TransformResult out = TransformResult.output("hi")
                .withMetadata(Map.of("id", "r1"))
                .withTokenUsage(new TokenUsage(3, 1, 2, 0, 1));
        assertEquals(
                Map.of(
                        "output",
                        "hi",
                        "metadata",
                        Map.of("id", "r1"),
                        "tokenUsage",
                        Map.of("total", 3L, "prompt", 1L, "completion", 2L, "cached", 0L, "numRequests", 1)),
                out.toMap());
        assertEquals(Map.of("output", 1), TransformResult.output(1).toMap());
        assertEquals(Map.of("error", "boom"), TransformResult.error("boom").toMap());
        assertThrows(NullPointerException.class, () -> TransformResult.output(null));
        assertThrows(IllegalArgumentException.class, () -> TransformResult.error(""));
        String kind =
                switch ((TransformResult) TransformResult.error("x")) {
                    case TransformResult.Output o -> "output " + o.value();
                    case TransformResult.Failure f -> "error " + f.message();
                };
        assertEquals("error x", kind);
    }

    @Test
    void anOutcomeIsMoreWithAnAccumulatorOrDoneWithAResult() {
        StreamOutcome<StringBuilder> more = StreamOutcome.more(new StringBuilder("a"));
        assertEquals(
                "a", ((StreamOutcome.More<StringBuilder>) more).accumulator().toString());
        assertEquals(new StreamOutcome.Done<>(TransformResult.output("x")), StreamOutcome.<String>output("x"));
        assertEquals(new StreamOutcome.Done<>(TransformResult.error("e")), StreamOutcome.<String>error("e"));
        assertThrows(NullPointerException.class, () -> StreamOutcome.done(null));
    }

    @Test
    void doneWithTheInitialAccumulatorIsRefusedButAnEqualMapIsTheCallersChoice() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StreamStep.done(StreamResponse.INITIAL_ACCUMULATOR));
        assertTrue(e.getMessage().contains("no result was set"), e.getMessage());
        Map<String, Object> own = new HashMap<>(Map.of("error", "unknown error occurred"));
        assertEquals(new StreamStep(own, true), StreamStep.done(own));
        assertEquals(
                new StreamStep(StreamResponse.INITIAL_ACCUMULATOR, true),
                new StreamStep(StreamResponse.INITIAL_ACCUMULATOR, true),
                "promptfoo's pair form is unchanged");
    }
}
