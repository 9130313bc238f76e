package io.github.wstoolkit.realtime;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event the client sends to the Realtime API. {@link #toJson(String)} gives the wire form, keys in the order the
 * API documents them, with the {@code event_id} last.
 */
public sealed interface ClientEvent {

    /** The wire {@code type}, such as {@code session.update}. */
    String type();

    /** The event as a plain JSON map, with this {@code event_id}. */
    Map<String, Object> toJson(String eventId);

    /**
     * {@code session.update}.
     *
     * @param session the session object ({@code type: realtime}, {@code output_modalities}, {@code audio}, ...)
     */
    record SessionUpdate(Map<String, Object> session) implements ClientEvent {
        public SessionUpdate {
            session = copy(session);
        }

        @Override
        public String type() {
            return "session.update";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            return event(type(), eventId, "session", session);
        }
    }

    /**
     * {@code conversation.item.create} for a message item; {@code previous_item_id} is always written ({@code null}
     * appends the item at the end of the conversation).
     *
     * @param previousItemId the item the new one follows, or empty to append
     * @param item the item ({@code {type: message, role, content: [...]}})
     */
    record ConversationItemCreate(Optional<String> previousItemId, Map<String, Object> item) implements ClientEvent {
        public ConversationItemCreate {
            Objects.requireNonNull(previousItemId, "previousItemId");
            item = copy(item);
        }

        /** A user message with these content parts ({@code input_text}, {@code input_audio}, {@code input_image}). */
        public static ConversationItemCreate userMessage(List<Map<String, Object>> content) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", "message");
            item.put("role", "user");
            item.put("content", List.copyOf(content));
            return new ConversationItemCreate(Optional.empty(), item);
        }

        /** A user message with one {@code input_text} part. */
        public static ConversationItemCreate userText(String text) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("type", "input_text");
            part.put("text", text);
            return userMessage(List.of(part));
        }

        /** The same item placed after another one. */
        public ConversationItemCreate after(String itemId) {
            return new ConversationItemCreate(Optional.ofNullable(itemId), item);
        }

        @Override
        public String type() {
            return "conversation.item.create";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type());
            m.put("previous_item_id", previousItemId.orElse(null));
            m.put("item", item);
            m.put("event_id", eventId);
            return m;
        }
    }

    /**
     * A function's output: {@code conversation.item.create} with a {@code function_call_output} item.
     *
     * @param callId the {@code call_id} of the model's function call
     * @param output the function's output text
     */
    record FunctionCallOutput(String callId, String output) implements ClientEvent {
        public FunctionCallOutput {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public String type() {
            return "conversation.item.create";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", "function_call_output");
            item.put("call_id", callId);
            item.put("output", output);
            return event(type(), eventId, "item", item);
        }
    }

    /**
     * {@code response.create}; without a body the session's settings apply.
     *
     * @param response the response settings, or empty for a bare {@code {"type":"response.create"}}
     */
    record ResponseCreate(Optional<Map<String, Object>> response) implements ClientEvent {
        public ResponseCreate {
            response = response.map(ClientEvent::copy);
        }

        /** A {@code response.create} with no body. */
        public static ResponseCreate withSessionDefaults() {
            return new ResponseCreate(Optional.empty());
        }

        public static ResponseCreate of(Map<String, Object> response) {
            return new ResponseCreate(Optional.of(response));
        }

        @Override
        public String type() {
            return "response.create";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            return response.map(r -> event(type(), eventId, "response", r))
                    .orElseGet(() -> event(type(), eventId, null, null));
        }
    }

    /**
     * {@code response.cancel}.
     *
     * @param responseId the response to cancel, or empty for the one in progress
     */
    record ResponseCancel(Optional<String> responseId) implements ClientEvent {
        public ResponseCancel {
            Objects.requireNonNull(responseId, "responseId");
        }

        @Override
        public String type() {
            return "response.cancel";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            return responseId
                    .map(id -> event(type(), eventId, "response_id", id))
                    .orElseGet(() -> event(type(), eventId, null, null));
        }
    }

    /**
     * {@code input_audio_buffer.append}.
     *
     * @param audioBase64 audio in the session's input format, base64
     */
    record InputAudioBufferAppend(String audioBase64) implements ClientEvent {
        public InputAudioBufferAppend {
            Objects.requireNonNull(audioBase64, "audioBase64");
        }

        /** Appends these raw audio bytes (PCM16 24 kHz mono little-endian for the default format). */
        public static InputAudioBufferAppend of(byte[] audio) {
            return new InputAudioBufferAppend(Base64.getEncoder().encodeToString(audio));
        }

        @Override
        public String type() {
            return "input_audio_buffer.append";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            return event(type(), eventId, "audio", audioBase64);
        }
    }

    /** {@code input_audio_buffer.commit}: turns the buffered audio into a user item. */
    record InputAudioBufferCommit() implements ClientEvent {
        @Override
        public String type() {
            return "input_audio_buffer.commit";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            return event(type(), eventId, null, null);
        }
    }

    /** {@code input_audio_buffer.clear}. */
    record InputAudioBufferClear() implements ClientEvent {
        @Override
        public String type() {
            return "input_audio_buffer.clear";
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            return event(type(), eventId, null, null);
        }
    }

    /**
     * Any other event, sent as given (its {@code event_id} is added when absent).
     *
     * @param json the event; must have a string {@code type}
     */
    record Raw(Map<String, Object> json) implements ClientEvent {
        public Raw {
            json = copy(json);
            if (!(json.get("type") instanceof String)) {
                throw new IllegalArgumentException("a client event needs a string \"type\"");
            }
        }

        @Override
        public String type() {
            return (String) json.get("type");
        }

        @Override
        public Map<String, Object> toJson(String eventId) {
            Map<String, Object> m = new LinkedHashMap<>(json);
            m.putIfAbsent("event_id", eventId);
            return m;
        }
    }

    private static Map<String, Object> event(String type, String eventId, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        if (key != null) {
            m.put(key, value);
        }
        m.put("event_id", eventId);
        return m;
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        // JSON maps may hold null values, which Map.copyOf refuses
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(m)));
    }
}
