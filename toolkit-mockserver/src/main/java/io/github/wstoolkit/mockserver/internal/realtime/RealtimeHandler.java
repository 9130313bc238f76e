package io.github.wstoolkit.mockserver.internal.realtime;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.Refusal;
import io.github.wstoolkit.mockserver.internal.Answer;
import io.github.wstoolkit.mockserver.internal.BuiltIn;
import io.github.wstoolkit.mockserver.internal.Conn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/realtime}: the OpenAI Realtime API, GA shape, played offline with deterministic answers.
 *
 * <p>Handshake: a bearer token ({@code Authorization: Bearer ...}, or an {@code api-key} header) is required, else
 * 401; when the server was given a key, it must match. {@code OpenAI-Beta: realtime=v1} is accepted and then closed
 * with 4000, as the real API does since the beta was switched off.
 *
 * <p>Client events: {@code session.update}, {@code conversation.item.create} (messages, function calls and their
 * outputs), {@code conversation.item.delete}, {@code input_audio_buffer.append/commit/clear},
 * {@code response.create}, {@code response.cancel}. Answers follow {@link Rules}. State (the conversation) lives per
 * connection.
 */
public final class RealtimeHandler extends BuiltIn {

    /** The close reason for beta clients (code 4000). */
    public static final String BETA_REASON =
            "The Realtime Beta API is no longer supported. Remove the OpenAI-Beta header and use the GA interface.";

    private static final String STATE = "wst.realtime.state";
    private static final Set<String> BETA_SESSION_KEYS = Set.of(
            "modalities",
            "voice",
            "input_audio_format",
            "output_audio_format",
            "input_audio_transcription",
            "turn_detection",
            "temperature",
            "max_response_output_tokens");
    private static final Set<String> EVENTS = Set.of(
            "session.update",
            "conversation.item.create",
            "conversation.item.delete",
            "conversation.item.retrieve",
            "input_audio_buffer.append",
            "input_audio_buffer.commit",
            "input_audio_buffer.clear",
            "response.create",
            "response.cancel");

    private final Optional<String> apiKey;

    public RealtimeHandler(Optional<String> apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public Optional<Refusal> onHandshake(Handshake h) {
        String key = null;
        Optional<String> auth = h.header("Authorization");
        if (auth.isPresent() && auth.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.get().substring(7).strip();
        }
        if (key == null || key.isEmpty()) {
            key = h.header("api-key").map(String::strip).orElse(null);
        }
        if (key == null || key.isEmpty()) {
            return Optional.of(refusal(
                    "You didn't provide an API key. You need to provide your API key in an Authorization header"
                            + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    null));
        }
        if (apiKey.isPresent() && !apiKey.get().equals(key)) {
            return Optional.of(refusal("Incorrect API key provided.", "invalid_api_key"));
        }
        return Optional.empty();
    }

    private static Refusal refusal(String message, String code) {
        Map<String, Object> error =
                map("message", message, "type", "invalid_request_error", "param", null, "code", code);
        return new Refusal(401, "application/json", Json.stringify(map("error", error)), Map.of());
    }

    @Override
    protected void open(Conn c) {
        if (c.header("OpenAI-Beta").orElse("").toLowerCase(Locale.ROOT).contains("realtime=v1")) {
            c.close(4000, BETA_REASON);
            return;
        }
        State st = new State(c.id(), c.queryParameter("model").orElse("gpt-realtime"));
        c.attributes().put(STATE, st);
        c.sendText(st.event("session.created", "session", st.session));
    }

    @Override
    protected void binary(Conn c, byte[] data) {
        State st = (State) c.attributes().get(STATE);
        if (st != null) {
            c.sendText(st.error(
                    "invalid_request_error",
                    "binary_not_supported",
                    "Binary frames are not supported; send JSON text events.",
                    null,
                    null));
        }
    }

    @Override
    protected void text(Conn c, String text) {
        State st = (State) c.attributes().get(STATE);
        if (st == null) {
            return;
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            c.sendText(st.error(
                    "invalid_request_error",
                    "invalid_json",
                    "We could not parse the JSON body of your request. (" + e.getMessage() + ")",
                    null,
                    null));
            return;
        }
        if (!(parsed instanceof Map<?, ?> event)) {
            c.sendText(
                    st.error("invalid_request_error", "invalid_json", "An event must be a JSON object.", null, null));
            return;
        }
        Object eventId = event.get("event_id");
        if (!(event.get("type") instanceof String type)) {
            c.sendText(st.missing("type", eventId));
            return;
        }
        switch (type) {
            case "session.update" -> sessionUpdate(c, st, event, eventId);
            case "conversation.item.create" -> itemCreate(c, st, event, eventId);
            case "conversation.item.delete" -> itemDelete(c, st, event, eventId);
            case "conversation.item.retrieve" -> itemRetrieve(c, st, event, eventId);
            case "input_audio_buffer.append" -> audioAppend(c, st, event, eventId);
            case "input_audio_buffer.commit" -> audioCommit(c, st, eventId);
            case "input_audio_buffer.clear" -> {
                st.audioBuffer = 0;
                c.sendText(st.event("input_audio_buffer.cleared"));
            }
            case "response.create" -> responseCreate(c, st, event, eventId);
            case "response.cancel" ->
                c.sendText(st.error(
                        "invalid_request_error",
                        "response_cancel_not_active",
                        "Cancellation failed: no active response found.",
                        null,
                        eventId));
            default ->
                c.sendText(st.invalid(
                        "Invalid value: '" + type + "'. Supported values are: "
                                + String.join(
                                        ", ",
                                        EVENTS.stream()
                                                .sorted()
                                                .map(x -> "'" + x + "'")
                                                .toList()) + ".",
                        "type",
                        eventId));
        }
    }

    // ---- session

    private static void sessionUpdate(Conn c, State st, Map<?, ?> event, Object eventId) {
        if (!(event.get("session") instanceof Map<?, ?> s)) {
            c.sendText(st.missing("session", eventId));
            return;
        }
        if (!(s.get("type") instanceof String type)) {
            c.sendText(st.missing("session.type", eventId));
            return;
        }
        if (!type.equals("realtime")) {
            c.sendText(st.invalid(
                    "Invalid value: '" + type + "'. The mock supports session.type 'realtime' only.",
                    "session.type",
                    eventId));
            return;
        }
        for (Object k : s.keySet()) {
            if (BETA_SESSION_KEYS.contains(String.valueOf(k))) {
                c.sendText(st.error(
                        "invalid_request_error",
                        "unknown_parameter",
                        "Unknown parameter: 'session." + k + "'.",
                        "session." + k,
                        eventId));
                return;
            }
        }
        if (s.get("output_modalities") instanceof List<?> mods) {
            for (Object m : mods) {
                if (!"text".equals(m) && !"audio".equals(m)) {
                    c.sendText(st.invalid(
                            "Invalid value: '" + m + "'. Supported values are: 'text' and 'audio'.",
                            "session.output_modalities",
                            eventId));
                    return;
                }
            }
        }
        merge(st.session, s);
        c.sendText(st.event("session.updated", "session", st.session));
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<?, ?> from) {
        for (Map.Entry<?, ?> e : from.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (e.getValue() instanceof Map<?, ?> m && into.get(k) instanceof Map<?, ?> existing) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                merge(copy, m);
                into.put(k, copy);
            } else {
                into.put(k, e.getValue());
            }
        }
    }

    // ---- conversation items

    private static void itemCreate(Conn c, State st, Map<?, ?> event, Object eventId) {
        if (!(event.get("item") instanceof Map<?, ?> item)) {
            c.sendText(st.missing("item", eventId));
            return;
        }
        Object prev = event.get("previous_item_id");
        if (prev instanceof String p && !p.equals("root") && !st.byId.containsKey(p)) {
            c.sendText(st.error(
                    "invalid_request_error",
                    "item_not_found",
                    "Previous item with id '" + p + "' does not exist.",
                    "previous_item_id",
                    eventId));
            return;
        }
        String type = item.get("type") instanceof String t ? t : item.get("role") != null ? "message" : null;
        Map<String, Object> stored = new LinkedHashMap<>();
        if (item.get("id") instanceof String id) {
            if (st.byId.containsKey(id)) {
                c.sendText(st.error(
                        "invalid_request_error",
                        "duplicate_item_id",
                        "Item with id '" + id + "' already exists.",
                        "item.id",
                        eventId));
                return;
            }
            stored.put("id", id);
        } else {
            stored.put("id", st.id("item"));
        }
        stored.put("object", "realtime.item");
        if ("message".equals(type)) {
            Object role = item.get("role");
            if (!"user".equals(role) && !"system".equals(role) && !"assistant".equals(role)) {
                c.sendText(st.invalid(
                        "Invalid value: '" + role + "'. Supported values are: 'user', 'system' and 'assistant'.",
                        "item.role",
                        eventId));
                return;
            }
            stored.put("type", "message");
            stored.put("status", "completed");
            stored.put("role", role);
            Object content = item.get("content");
            stored.put(
                    "content",
                    content instanceof String s
                            ? List.of(map("type", "input_text", "text", s))
                            : content instanceof List<?> l ? l : List.of());
        } else if ("function_call_output".equals(type)) {
            if (!(item.get("call_id") instanceof String callId)) {
                c.sendText(st.missing("item.call_id", eventId));
                return;
            }
            if (st.callById(callId).isEmpty()) {
                c.sendText(st.invalid(
                        "No tool call found for function call output with call_id " + callId + ".",
                        "item.call_id",
                        eventId));
                return;
            }
            if (!(item.get("output") instanceof String output)) {
                c.sendText(st.missing("item.output", eventId));
                return;
            }
            stored.put("type", "function_call_output");
            stored.put("status", "completed");
            stored.put("call_id", callId);
            stored.put("output", output);
        } else if ("function_call".equals(type)) {
            stored.put("type", "function_call");
            stored.put("status", "completed");
            stored.put("call_id", item.get("call_id") instanceof String id ? id : st.id("call"));
            stored.put("name", String.valueOf(item.get("name")));
            stored.put("arguments", item.get("arguments") instanceof String a ? a : "{}");
        } else {
            c.sendText(st.invalid(
                    "Invalid value: '" + type + "'. Supported values are: 'message', 'function_call' and"
                            + " 'function_call_output'.",
                    "item.type",
                    eventId));
            return;
        }
        String previous = st.add(stored);
        c.sendText(st.event("conversation.item.added", "previous_item_id", previous, "item", stored));
        c.sendText(st.event("conversation.item.done", "previous_item_id", previous, "item", stored));
    }

    private static void itemDelete(Conn c, State st, Map<?, ?> event, Object eventId) {
        Object id = event.get("item_id");
        if (!(id instanceof String s) || !st.byId.containsKey(s)) {
            c.sendText(st.error(
                    "invalid_request_error",
                    "item_not_found",
                    "Item with item_id '" + id + "' not found.",
                    "item_id",
                    eventId));
            return;
        }
        st.items.remove(st.byId.remove(s));
        c.sendText(st.event("conversation.item.deleted", "item_id", s));
    }

    private static void itemRetrieve(Conn c, State st, Map<?, ?> event, Object eventId) {
        Object id = event.get("item_id");
        if (!(id instanceof String s) || !st.byId.containsKey(s)) {
            c.sendText(st.error(
                    "invalid_request_error",
                    "item_not_found",
                    "Item with item_id '" + id + "' not found.",
                    "item_id",
                    eventId));
            return;
        }
        c.sendText(st.event("conversation.item.retrieved", "item", st.byId.get(s)));
    }

    private static void audioAppend(Conn c, State st, Map<?, ?> event, Object eventId) {
        if (!(event.get("audio") instanceof String b64)) {
            c.sendText(st.missing("audio", eventId));
            return;
        }
        try {
            st.audioBuffer += Base64.getDecoder().decode(b64).length;
        } catch (IllegalArgumentException e) {
            c.sendText(st.invalid("Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", eventId));
        }
    }

    private static void audioCommit(Conn c, State st, Object eventId) {
        if (st.audioBuffer < 2400 * 2) {
            c.sendText(st.error(
                    "invalid_request_error",
                    "input_audio_buffer_commit_empty",
                    "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but"
                            + " buffer only has " + (st.audioBuffer / 48.0) + "ms of audio.",
                    null,
                    eventId));
            return;
        }
        st.audioBuffer = 0;
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("id", st.id("item"));
        stored.put("object", "realtime.item");
        stored.put("type", "message");
        stored.put("status", "completed");
        stored.put("role", "user");
        stored.put("content", List.of(map("type", "input_audio", "transcript", null)));
        String previous = st.add(stored);
        c.sendText(st.event("input_audio_buffer.committed", "previous_item_id", previous, "item_id", stored.get("id")));
        c.sendText(st.event("conversation.item.added", "previous_item_id", previous, "item", stored));
        c.sendText(st.event("conversation.item.done", "previous_item_id", previous, "item", stored));
    }

    // ---- responses

    private static void responseCreate(Conn c, State st, Map<?, ?> event, Object eventId) {
        if (st.activeResponse != null) {
            c.sendUrgent(st.error(
                    "invalid_request_error",
                    "conversation_already_has_active_response",
                    "Conversation already has an active response in progress: " + st.activeResponse
                            + ". Wait until the response is finished before creating a new one.",
                    null,
                    eventId));
            return;
        }
        Map<?, ?> req = event.get("response") instanceof Map<?, ?> m ? m : Map.of();
        Object mods = req.get("output_modalities") != null
                ? req.get("output_modalities")
                : st.session.get("output_modalities");
        boolean audio = mods instanceof List<?> l ? l.contains("audio") : false;
        List<?> tools = req.get("tools") instanceof List<?> t
                ? t
                : st.session.get("tools") instanceof List<?> t2 ? t2 : List.of();
        Object toolChoice = req.get("tool_choice") != null
                ? req.get("tool_choice")
                : st.session.getOrDefault("tool_choice", "auto");
        String instructions = req.get("instructions") instanceof String s
                ? s
                : String.valueOf(st.session.getOrDefault("instructions", ""));
        Object maxTokens = req.get("max_output_tokens") != null
                ? req.get("max_output_tokens")
                : st.session.getOrDefault("max_output_tokens", "inf");

        String responseId = st.id("resp");
        st.activeResponse = responseId;
        List<Map<String, Object>> newOutputs = st.newFunctionOutputs();
        int inputTokens = Rules.tokens(instructions) + st.conversationTokens();
        Rules.Decision decision = newOutputs.isEmpty()
                ? Rules.decide(st.userTexts(), tools, toolChoice)
                : new Rules.Decision(Rules.toolReply(newOutputs, st::callById), Optional.empty());
        st.answeredUpTo = st.items.size();

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("object", "realtime.response");
        response.put("id", responseId);
        response.put("status", "in_progress");
        response.put("status_details", null);
        response.put("output", List.of());
        response.put("conversation_id", "conv_" + c.id());
        response.put("output_modalities", List.of(audio ? "audio" : "text"));
        response.put("max_output_tokens", maxTokens);
        if (audio) {
            response.put(
                    "audio",
                    map(
                            "output",
                            req.get("audio") instanceof Map<?, ?> ra && ra.get("output") instanceof Map<?, ?> ro
                                    ? ro
                                    : audioOutput(st)));
        }
        response.put("usage", null);
        response.put("metadata", req.get("metadata"));

        Answer.Builder a = Answer.builder(msg -> st.faultError(msg));
        a.add(st.event("response.created", "response", copy(response)));
        Map<String, Object> item;
        int outputTextTokens;
        int outputAudioTokens = 0;
        if (decision.call().isPresent()) {
            Rules.Call call = decision.call().get();
            String itemId = st.id("item");
            String callId = st.id("call");
            item = new LinkedHashMap<>();
            item.put("id", itemId);
            item.put("object", "realtime.item");
            item.put("type", "function_call");
            item.put("status", "in_progress");
            item.put("call_id", callId);
            item.put("name", call.name());
            item.put("arguments", "");
            String previous = st.lastId();
            a.add(st.event(
                    "response.output_item.added", "response_id", responseId, "output_index", 0, "item", copy(item)));
            a.add(st.event("conversation.item.added", "previous_item_id", previous, "item", copy(item)));
            for (String piece : pieces(call.arguments(), 3)) {
                a.add(st.event(
                        "response.function_call_arguments.delta",
                        "response_id",
                        responseId,
                        "item_id",
                        itemId,
                        "output_index",
                        0,
                        "call_id",
                        callId,
                        "delta",
                        piece));
            }
            a.add(st.event(
                    "response.function_call_arguments.done",
                    "response_id",
                    responseId,
                    "item_id",
                    itemId,
                    "output_index",
                    0,
                    "call_id",
                    callId,
                    "name",
                    call.name(),
                    "arguments",
                    call.arguments()));
            item.put("status", "completed");
            item.put("arguments", call.arguments());
            a.add(st.event(
                    "response.output_item.done", "response_id", responseId, "output_index", 0, "item", copy(item)));
            a.add(st.event("conversation.item.done", "previous_item_id", previous, "item", copy(item)));
            outputTextTokens = Rules.tokens(call.arguments());
        } else {
            String text = decision.text();
            String itemId = st.id("item");
            String partType = audio ? "output_audio" : "output_text";
            String textField = audio ? "transcript" : "text";
            item = new LinkedHashMap<>();
            item.put("id", itemId);
            item.put("object", "realtime.item");
            item.put("type", "message");
            item.put("status", "in_progress");
            item.put("role", "assistant");
            item.put("content", List.of());
            String previous = st.lastId();
            a.add(st.event(
                    "response.output_item.added", "response_id", responseId, "output_index", 0, "item", copy(item)));
            a.add(st.event("conversation.item.added", "previous_item_id", previous, "item", copy(item)));
            a.add(st.event(
                    "response.content_part.added",
                    "response_id",
                    responseId,
                    "item_id",
                    itemId,
                    "output_index",
                    0,
                    "content_index",
                    0,
                    "part",
                    map("type", partType, textField, "")));
            List<String> deltas = c.chunks(text);
            for (String delta : deltas) {
                if (audio) {
                    a.add(st.event(
                            "response.output_audio_transcript.delta",
                            "response_id",
                            responseId,
                            "item_id",
                            itemId,
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "delta",
                            delta));
                    a.add(st.event(
                            "response.output_audio.delta",
                            "response_id",
                            responseId,
                            "item_id",
                            itemId,
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "delta",
                            Base64.getEncoder().encodeToString(st.tone.nextChunk())));
                    outputAudioTokens += 2;
                } else {
                    a.add(st.event(
                            "response.output_text.delta",
                            "response_id",
                            responseId,
                            "item_id",
                            itemId,
                            "output_index",
                            0,
                            "content_index",
                            0,
                            "delta",
                            delta));
                }
            }
            if (audio) {
                a.add(st.event(
                        "response.output_audio.done",
                        "response_id",
                        responseId,
                        "item_id",
                        itemId,
                        "output_index",
                        0,
                        "content_index",
                        0));
                a.add(st.event(
                        "response.output_audio_transcript.done",
                        "response_id",
                        responseId,
                        "item_id",
                        itemId,
                        "output_index",
                        0,
                        "content_index",
                        0,
                        "transcript",
                        text));
            } else {
                a.add(st.event(
                        "response.output_text.done",
                        "response_id",
                        responseId,
                        "item_id",
                        itemId,
                        "output_index",
                        0,
                        "content_index",
                        0,
                        "text",
                        text));
            }
            Map<String, Object> part = map("type", partType, textField, text);
            a.add(st.event(
                    "response.content_part.done",
                    "response_id",
                    responseId,
                    "item_id",
                    itemId,
                    "output_index",
                    0,
                    "content_index",
                    0,
                    "part",
                    part));
            item.put("status", "completed");
            item.put("content", List.of(part));
            a.add(st.event(
                    "response.output_item.done", "response_id", responseId, "output_index", 0, "item", copy(item)));
            a.add(st.event("conversation.item.done", "previous_item_id", previous, "item", copy(item)));
            outputTextTokens = Rules.tokens(text);
        }
        st.add(item);
        st.answeredUpTo = st.items.size();
        int cached = st.responses > 0 ? Math.min(st.lastInputTokens, inputTokens) : 0;
        st.responses++;
        st.lastInputTokens = inputTokens;
        int output = outputTextTokens + outputAudioTokens;
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_tokens", inputTokens + output);
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", output);
        usage.put(
                "input_token_details",
                map(
                        "text_tokens",
                        inputTokens,
                        "audio_tokens",
                        0,
                        "image_tokens",
                        0,
                        "cached_tokens",
                        cached,
                        "cached_tokens_details",
                        map("text_tokens", cached, "audio_tokens", 0, "image_tokens", 0)));
        usage.put("output_token_details", map("text_tokens", outputTextTokens, "audio_tokens", outputAudioTokens));
        response.put("status", "completed");
        response.put("output", List.of(copy(item)));
        response.put("usage", usage);
        a.add(st.event("response.done", "response", response));
        c.answer(a.build());
        // queued behind the answer's frames: the response stays active until its last frame has left
        c.schedule(Duration.ZERO, () -> st.activeResponse = null);
    }

    private static Map<String, Object> audioOutput(State st) {
        Object audio = st.session.get("audio");
        if (audio instanceof Map<?, ?> a && a.get("output") instanceof Map<?, ?> out) {
            return map("format", out.get("format"), "voice", out.get("voice"));
        }
        return map("format", map("type", "audio/pcm", "rate", 24000), "voice", "alloy");
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }

    /** The text cut into {@code n} nearly equal pieces (fewer when it is shorter). */
    static List<String> pieces(String s, int n) {
        List<String> out = new ArrayList<>();
        int size = Math.max(1, (s.length() + n - 1) / n);
        for (int i = 0; i < s.length(); i += size) {
            out.add(s.substring(i, Math.min(s.length(), i + size)));
        }
        return out;
    }

    /** One connection's session and conversation. */
    static final class State {
        final long conn;
        final Map<String, Object> session = new LinkedHashMap<>();
        final List<Map<String, Object>> items = new ArrayList<>();
        final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        final Tone tone = new Tone();
        long ids;
        long events;
        int answeredUpTo;
        int responses;
        int lastInputTokens;
        int audioBuffer;
        volatile String activeResponse;

        State(long conn, String model) {
            this.conn = conn;
            session.put("type", "realtime");
            session.put("object", "realtime.session");
            session.put("id", "sess_mock_" + conn);
            session.put("model", model);
            session.put("output_modalities", List.of("audio"));
            session.put("instructions", "You are a helpful assistant.");
            session.put("tools", List.of());
            session.put("tool_choice", "auto");
            session.put("max_output_tokens", "inf");
            session.put(
                    "audio",
                    map(
                            "input",
                                    map(
                                            "format",
                                            map("type", "audio/pcm", "rate", 24000),
                                            "transcription",
                                            null,
                                            "turn_detection",
                                            null),
                            "output",
                                    map(
                                            "format",
                                            map("type", "audio/pcm", "rate", 24000),
                                            "voice",
                                            "alloy",
                                            "speed",
                                            1)));
        }

        synchronized String id(String prefix) {
            return prefix + "_mock" + conn + "_" + (++ids);
        }

        synchronized String event(String type, Object... keyValues) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("event_id", "event_mock" + conn + "_" + (++events));
            for (int i = 0; i < keyValues.length; i += 2) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
            return Json.stringify(m);
        }

        String error(String type, String code, String message, String param, Object eventId) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", type);
            e.put("code", code);
            e.put("message", message);
            e.put("param", param);
            e.put("event_id", eventId);
            return event("error", "error", e);
        }

        /** The API's error for a required field that is absent: {@code Missing required parameter: '<param>'.} */
        String missing(String param, Object eventId) {
            return error(
                    "invalid_request_error",
                    "missing_required_parameter",
                    "Missing required parameter: '" + param + "'.",
                    param,
                    eventId);
        }

        /** The API's error for a field with a value it does not accept. */
        String invalid(String message, String param, Object eventId) {
            return error("invalid_request_error", "invalid_value", message, param, eventId);
        }

        String faultError(String message) {
            return error("server_error", "injected_fault", message, null, null);
        }

        /** Appends an item; returns the id of the item before it (null for the first). */
        String add(Map<String, Object> item) {
            String previous = lastId();
            items.add(item);
            byId.put((String) item.get("id"), item);
            return previous;
        }

        String lastId() {
            return items.isEmpty() ? null : (String) items.get(items.size() - 1).get("id");
        }

        Optional<Map<String, Object>> callById(String callId) {
            for (Map<String, Object> i : items) {
                if ("function_call".equals(i.get("type")) && callId.equals(i.get("call_id"))) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }

        List<Map<String, Object>> newFunctionOutputs() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = Math.min(answeredUpTo, items.size()); i < items.size(); i++) {
                if ("function_call_output".equals(items.get(i).get("type"))) {
                    out.add(items.get(i));
                }
            }
            return out;
        }

        /** The texts of the user messages, oldest first. */
        List<String> userTexts() {
            List<String> out = new ArrayList<>();
            for (Map<String, Object> i : items) {
                if ("message".equals(i.get("type")) && "user".equals(i.get("role"))) {
                    out.add(io.github.wstoolkit.mockserver.internal.RealtimeText.userText(i));
                }
            }
            return out;
        }

        int conversationTokens() {
            int n = 0;
            for (Map<String, Object> i : items) {
                n += switch (String.valueOf(i.get("type"))) {
                    case "message" ->
                        Math.max(1, Rules.tokens(io.github.wstoolkit.mockserver.internal.RealtimeText.userText(i)));
                    case "function_call" -> Rules.tokens(String.valueOf(i.get("arguments")));
                    case "function_call_output" -> Rules.tokens(String.valueOf(i.get("output")));
                    default -> 0;
                };
            }
            return n;
        }
    }
}
