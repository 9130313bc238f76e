package io.github.wstoolkit.api.transform;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One received frame, typed for a Java transform ({@link JavaStreamTransform}, {@link JavaResponseTransform}): its
 * text, its bytes, and its JSON, parsed on first use and then kept, so a transform that looks at the JSON twice
 * parses it once.
 *
 * <pre>{@code
 * JavaResponseTransform answer = (frame, context) -> {
 *     JsonObject o = frame.jsonObject();
 *     return TransformResult.output(o.getString("text"));
 * };
 * }</pre>
 *
 * <p>Instances are not shared between threads: each call of a provider sees its own frames.
 */
public final class StreamFrame {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Object UNPARSED = new Object();

    private final String text;
    private final byte[] bytes;
    private final int index;
    private final Duration at;
    private Object json = UNPARSED; // a JsonValue, or a JsonException when the text is not JSON
    private Object value = UNPARSED;

    private StreamFrame(String text, byte[] bytes, int index, Duration at) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be 0 or more, got " + index);
        }
        this.text = text;
        this.bytes = bytes;
        this.index = index;
        this.at = Objects.requireNonNull(at, "at");
    }

    /**
     * A text frame.
     *
     * @param text the frame's text
     * @param index 0 for the first frame of the call, then 1, 2, ...
     * @param at time since the call started
     * @return the frame
     */
    public static StreamFrame text(String text, int index, Duration at) {
        return new StreamFrame(Objects.requireNonNull(text, "text"), null, index, at);
    }

    /**
     * A binary frame.
     *
     * @param bytes the frame's bytes (copied)
     * @param index 0 for the first frame of the call, then 1, 2, ...
     * @param at time since the call started
     * @return the frame
     */
    public static StreamFrame binary(byte[] bytes, int index, Duration at) {
        return new StreamFrame(null, Objects.requireNonNull(bytes, "bytes").clone(), index, at);
    }

    /**
     * The frame a {@link StreamResponse} sees as an event.
     *
     * @param event a text or binary frame's event
     * @return the same frame, typed
     */
    public static StreamFrame of(StreamEvent event) {
        return event.data() instanceof byte[] b
                ? binary(b, event.index(), event.at())
                : text(String.valueOf(event.data()), event.index(), event.at());
    }

    /** {@return true for a binary frame, false for a text frame} */
    public boolean isBinary() {
        return bytes != null;
    }

    /**
     * The frame's text.
     *
     * @return the text of a text frame
     * @throws IllegalStateException for a binary frame, which has no text (use {@link #bytes()})
     */
    public String text() {
        if (text == null) {
            throw new IllegalStateException(
                    "frame " + index + " is a binary frame (" + bytes.length + " bytes) and has no text; use bytes()");
        }
        return text;
    }

    /** {@return a binary frame's bytes, or a text frame's text in UTF-8; a copy} */
    public byte[] bytes() {
        return bytes != null ? bytes.clone() : text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@return true when this is a text frame whose text is one JSON value} */
    public boolean isJson() {
        return text != null && parsed() instanceof JsonValue;
    }

    /**
     * The frame's text as JSON, parsed on the first call.
     *
     * @return the JSON value (an object, array, string, number, {@code true}, {@code false} or {@code null})
     * @throws JsonException when the frame is binary or its text is not JSON, saying where the parse failed
     */
    public JsonValue json() {
        if (text == null) {
            throw new JsonException("frame " + index + " is a binary frame, not JSON", null);
        }
        Object p = parsed();
        if (p instanceof JsonException e) {
            throw new JsonException("frame " + index + " is not JSON: " + e.getMessage(), e);
        }
        return (JsonValue) p;
    }

    /**
     * The frame's JSON object, for the common case of a server that sends one object per frame.
     *
     * @return the parsed object
     * @throws JsonException when the frame is not JSON, or is JSON but not an object
     */
    public JsonObject jsonObject() {
        JsonValue v = json();
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new JsonException(
                    "frame " + index + " is a JSON " + v.getValueType().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not an object",
                    null);
        }
        return v.asJsonObject();
    }

    /**
     * The value promptfoo's transforms see: the parsed JSON as plain Java values ({@code Map}, {@code List},
     * {@code String}, {@code Number}, {@code Boolean}, {@code null}) when the text is JSON, the text itself when it
     * is not, {@code byte[]} for a binary frame. Computed on the first call.
     *
     * @return the plain value
     */
    public Object value() {
        if (value == UNPARSED) {
            value = text == null ? bytes.clone() : Json.parseOrText(text);
        }
        return value;
    }

    /** {@return 0 for the first frame of the call, then 1, 2, ...} */
    public int index() {
        return index;
    }

    /** {@return time since the call started when the frame arrived} */
    public Duration at() {
        return at;
    }

    private Object parsed() {
        if (json == UNPARSED) {
            try (JsonReader r = JSON.createReader(new StringReader(text))) {
                json = r.readValue();
            } catch (RuntimeException e) { // Parsson: JsonParsingException, or NoSuchElementException on empty text
                json = new JsonException(e.getMessage(), e);
            }
        }
        return json;
    }

    @Override
    public String toString() {
        return "StreamFrame[" + index + ", " + (text != null ? text.length() + " chars" : bytes.length + " bytes")
                + ", at " + at.toMillis() + " ms]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamFrame f
                && index == f.index
                && at.equals(f.at)
                && Objects.equals(text, f.text)
                && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, Arrays.hashCode(bytes), index, at);
    }
}
