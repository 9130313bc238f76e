package io.github.wstoolkit.realtime;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An event the Realtime API sends. Every record keeps the whole event as {@link #raw()}; events this type does not
 * model arrive as {@link Unknown}. Both GA names ({@code response.output_text.delta}) and beta names
 * ({@code response.text.delta}) are read, so a recorded beta stream still parses.
 */
public sealed interface ServerEvent {

    /** The wire {@code type}. */
    String type();

    /** The whole event as plain JSON values. */
    Map<String, Object> raw();

    /** {@code session.created}. */
    record SessionCreated(Map<String, Object> session, Map<String, Object> raw) implements ServerEvent {
        @Override
        public String type() {
            return "session.created";
        }
    }

    /** {@code session.updated}. */
    record SessionUpdated(Map<String, Object> session, Map<String, Object> raw) implements ServerEvent {
        @Override
        public String type() {
            return "session.updated";
        }
    }

    /**
     * {@code conversation.item.created}, {@code .added} or {@code .done}.
     *
     * @param type which of the three
     * @param item the item: {@code id}, {@code type} ({@code message}, {@code function_call}, ...), {@code role}
     */
    record ConversationItem(String type, Map<String, Object> item, Map<String, Object> raw) implements ServerEvent {
        /** The item's id, when it has one. */
        public Optional<String> itemId() {
            return string(item, "id");
        }

        /** The item's role ({@code user}, {@code assistant}, {@code system}), when it is a message. */
        public Optional<String> role() {
            return string(item, "role");
        }

        /** The item's type ({@code message}, {@code function_call}, {@code function_call_output}). */
        public Optional<String> itemType() {
            return string(item, "type");
        }
    }

    /** {@code response.created}. */
    record ResponseCreated(String responseId, Map<String, Object> response, Map<String, Object> raw)
            implements ServerEvent {
        @Override
        public String type() {
            return "response.created";
        }
    }

    /**
     * {@code response.output_item.added} or {@code response.output_item.done}.
     *
     * @param item the output item ({@code message} or {@code function_call} with {@code call_id}, {@code name},
     *     {@code arguments})
     */
    record OutputItem(String type, String responseId, Map<String, Object> item, Map<String, Object> raw)
            implements ServerEvent {
        public Optional<String> itemType() {
            return string(item, "type");
        }
    }

    /** {@code response.content_part.added} or {@code response.content_part.done}. */
    record ContentPart(String type, String itemId, Map<String, Object> part, Map<String, Object> raw)
            implements ServerEvent {}

    /**
     * A piece of output text: {@code response.output_text.delta} or {@code response.output_audio_transcript.delta}
     * (or their beta names).
     *
     * @param transcript true for an audio transcript delta
     */
    record TextDelta(String type, String itemId, String delta, boolean transcript, Map<String, Object> raw)
            implements ServerEvent {}

    /**
     * The whole output text: {@code response.output_text.done} ({@code text}) or
     * {@code response.output_audio_transcript.done} ({@code transcript}).
     */
    record TextDone(String type, String itemId, String text, boolean transcript, Map<String, Object> raw)
            implements ServerEvent {}

    /**
     * {@code response.output_audio.delta}: audio in the session's output format.
     *
     * @param audioBase64 the {@code delta} (beta: {@code audio}), base64
     */
    record AudioDelta(String type, String itemId, String audioBase64, Map<String, Object> raw) implements ServerEvent {
        /** The decoded audio bytes. */
        public byte[] audio() {
            return Base64.getDecoder().decode(audioBase64);
        }
    }

    /** {@code response.output_audio.done}; {@code format} when the server names one. */
    record AudioDone(String type, String itemId, Optional<String> format, Map<String, Object> raw)
            implements ServerEvent {}

    /** {@code response.function_call_arguments.delta}. */
    record FunctionCallArgumentsDelta(String callId, String delta, Map<String, Object> raw) implements ServerEvent {
        @Override
        public String type() {
            return "response.function_call_arguments.delta";
        }
    }

    /** {@code response.function_call_arguments.done}: the complete arguments JSON text. */
    record FunctionCallArgumentsDone(String callId, Optional<String> name, String arguments, Map<String, Object> raw)
            implements ServerEvent {
        @Override
        public String type() {
            return "response.function_call_arguments.done";
        }
    }

    /**
     * {@code response.done}.
     *
     * @param status {@code completed}, {@code cancelled}, {@code failed}, {@code incomplete}, or empty
     * @param usage {@code response.usage} (or a top-level {@code usage}), when present
     */
    record ResponseDone(
            String responseId,
            String status,
            Map<String, Object> response,
            Optional<Map<String, Object>> usage,
            Map<String, Object> raw)
            implements ServerEvent {
        @Override
        public String type() {
            return "response.done";
        }
    }

    /**
     * {@code error}.
     *
     * @param message {@code error.message} (or a top-level {@code message}), {@code Unknown WebSocket error} when
     *     neither is given
     * @param code {@code error.code} or {@code error.type}, when given
     */
    record ErrorEvent(String message, Optional<String> code, Map<String, Object> raw) implements ServerEvent {
        @Override
        public String type() {
            return "error";
        }
    }

    /** {@code rate_limits.updated}. */
    record RateLimitsUpdated(List<Object> rateLimits, Map<String, Object> raw) implements ServerEvent {
        @Override
        public String type() {
            return "rate_limits.updated";
        }
    }

    /** Any other event (input audio buffer events, transcription events, ...). */
    record Unknown(String type, Map<String, Object> raw) implements ServerEvent {}

    /**
     * Reads a parsed server event.
     *
     * @param json the event as plain values
     */
    static ServerEvent of(Map<String, Object> json) {
        Map<String, Object> raw = Collections.unmodifiableMap(new LinkedHashMap<>(json));
        String type = string(raw, "type").orElse("");
        String itemId = string(raw, "item_id").orElse("");
        return switch (type) {
            case "session.created" -> new SessionCreated(map(raw, "session"), raw);
            case "session.updated" -> new SessionUpdated(map(raw, "session"), raw);
            case "conversation.item.created", "conversation.item.added", "conversation.item.done" ->
                new ConversationItem(type, map(raw, "item"), raw);
            case "response.created" -> {
                Map<String, Object> response = map(raw, "response");
                yield new ResponseCreated(string(response, "id").orElse(""), response, raw);
            }
            case "response.output_item.added", "response.output_item.done" ->
                new OutputItem(type, string(raw, "response_id").orElse(""), map(raw, "item"), raw);
            case "response.content_part.added", "response.content_part.done" ->
                new ContentPart(type, itemId, map(raw, "part"), raw);
            case "response.output_text.delta", "response.text.delta" ->
                new TextDelta(type, itemId, string(raw, "delta").orElse(""), false, raw);
            case "response.output_audio_transcript.delta", "response.audio_transcript.delta" ->
                new TextDelta(type, itemId, string(raw, "delta").orElse(""), true, raw);
            case "response.output_text.done", "response.text.done" ->
                new TextDone(type, itemId, string(raw, "text").orElse(""), false, raw);
            case "response.output_audio_transcript.done", "response.audio_transcript.done" ->
                new TextDone(
                        type,
                        itemId,
                        string(raw, "transcript").or(() -> string(raw, "text")).orElse(""),
                        true,
                        raw);
            case "response.output_audio.delta", "response.audio.delta" ->
                new AudioDelta(
                        type,
                        itemId,
                        string(raw, "delta").or(() -> string(raw, "audio")).orElse(""),
                        raw);
            case "response.output_audio.done", "response.audio.done" ->
                new AudioDone(type, itemId, string(raw, "format"), raw);
            case "response.function_call_arguments.delta" ->
                new FunctionCallArgumentsDelta(
                        string(raw, "call_id").orElse(""), string(raw, "delta").orElse(""), raw);
            case "response.function_call_arguments.done" ->
                new FunctionCallArgumentsDone(
                        string(raw, "call_id").orElse(""),
                        string(raw, "name"),
                        string(raw, "arguments").orElse("{}"),
                        raw);
            case "response.done" -> {
                Map<String, Object> response = map(raw, "response");
                Optional<Map<String, Object>> usage =
                        optionalMap(response, "usage").or(() -> optionalMap(raw, "usage"));
                yield new ResponseDone(
                        string(response, "id").orElse(""),
                        string(response, "status").orElse(""),
                        response,
                        usage,
                        raw);
            }
            case "error" -> {
                Map<String, Object> error = map(raw, "error");
                String message = string(error, "message")
                        .filter(s -> !s.isEmpty())
                        .or(() -> string(raw, "message").filter(s -> !s.isEmpty()))
                        .orElse("Unknown WebSocket error");
                yield new ErrorEvent(message, string(error, "code").or(() -> string(error, "type")), raw);
            }
            case "rate_limits.updated" ->
                new RateLimitsUpdated(
                        raw.get("rate_limits") instanceof List<?> l ? List.copyOf(nonNull(l)) : List.of(), raw);
            default -> new Unknown(type, raw);
        };
    }

    private static List<Object> nonNull(List<?> l) {
        return l.stream()
                .filter(java.util.Objects::nonNull)
                .map(o -> (Object) o)
                .toList();
    }

    private static Optional<String> string(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return optionalMap(m, key).orElse(Map.of());
    }

    private static Optional<Map<String, Object>> optionalMap(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Map<?, ?> inner) {
            Map<String, Object> out = new LinkedHashMap<>();
            inner.forEach((k, v) -> out.put(String.valueOf(k), v));
            return Optional.of(Collections.unmodifiableMap(out));
        }
        return Optional.empty();
    }
}
