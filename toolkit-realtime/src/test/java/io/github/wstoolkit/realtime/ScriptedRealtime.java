package io.github.wstoolkit.realtime;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.Handshake;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.Refusal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scripted GA Realtime endpoint for the cases the built-in mock does not produce: the test decides what each
 * {@code response.create} gets. Items are acknowledged like the real API ({@code conversation.item.added} and
 * {@code .done} with server ids {@code item_<n>}); everything runs on a real server on loopback.
 */
final class ScriptedRealtime implements MockHandler {

    /** The scripted part: what the server does when a response is asked for. */
    @FunctionalInterface
    interface Script {
        void respond(Ctx ctx, Map<String, Object> event) throws Exception;
    }

    static final String PATH = "/scripted/v1/realtime";

    private final Script script;
    private final Integer refuseWith;

    private ScriptedRealtime(Script script, Integer refuseWith) {
        this.script = script;
        this.refuseWith = refuseWith;
    }

    static ScriptedRealtime of(Script script) {
        return new ScriptedRealtime(script, null);
    }

    /** Refuses every handshake with this HTTP status. */
    static ScriptedRealtime refusing(int status) {
        return new ScriptedRealtime((c, e) -> {}, status);
    }

    /** A server with this handler at {@link #PATH}. */
    static MockServer serve(Script script) {
        return MockServer.builder().port(0).handler(PATH, of(script)).start();
    }

    /** The apiBaseUrl that leads to {@link #PATH}. */
    static String apiBase(MockServer server) {
        return "http://127.0.0.1:" + server.port() + "/scripted/v1";
    }

    /** The JSON events a connection sent, parsed. */
    static List<Map<String, Object>> sent(JournalEntry entry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JournalEntry.Message m : entry.received()) {
            if (!m.binary()) {
                out.add(asMap(Json.parse(m.text())));
            }
        }
        return out;
    }

    /** The types of the events a connection sent. */
    static List<String> types(JournalEntry entry) {
        return sent(entry).stream().map(e -> String.valueOf(e.get("type"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Override
    public Optional<Refusal> onHandshake(Handshake handshake) {
        return refuseWith == null ? Optional.empty() : Optional.of(Refusal.status(refuseWith));
    }

    @Override
    public void onOpen(MockConnection c) {
        Ctx ctx = ctx(c);
        ctx.send("session.created", "session", Map.of("type", "realtime", "id", "sess_1"));
    }

    @Override
    public void onMessage(MockConnection c, String text) throws Exception {
        Ctx ctx = ctx(c);
        Map<String, Object> event = asMap(Json.parse(text));
        switch (String.valueOf(event.get("type"))) {
            case "session.update" -> ctx.send("session.updated", "session", event.get("session"));
            case "conversation.item.create" -> {
                Map<String, Object> item = new LinkedHashMap<>(asMap(event.get("item")));
                item.put("id", ctx.newId("item"));
                if ("message".equals(item.get("type"))) {
                    ctx.userItems.add(item);
                }
                ctx.send("conversation.item.added", "previous_item_id", event.get("previous_item_id"), "item", item);
                ctx.send("conversation.item.done", "item", item);
            }
            case "response.create" -> {
                ctx.responses++;
                script.respond(ctx, event);
            }
            default -> {}
        }
    }

    private static Ctx ctx(MockConnection c) {
        return (Ctx) c.attributes().computeIfAbsent("ctx", k -> new Ctx(c));
    }

    /** Per-connection state and helpers that send GA events. */
    static final class Ctx {
        final MockConnection c;
        final List<Map<String, Object>> userItems = new ArrayList<>();
        int responses;
        private int ids;
        private int events;

        Ctx(MockConnection c) {
            this.c = c;
        }

        String newId(String prefix) {
            return prefix + "_" + c.id() + "_" + (++ids);
        }

        /** Sends {@code {type, k1: v1, ...}}. */
        void send(String type, Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("event_id", "event_srv_" + (++events));
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            c.sendText(Json.stringify(m));
        }

        static Map<String, Object> usage(int input, int output) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("total_tokens", input + output);
            u.put("input_tokens", input);
            u.put("output_tokens", output);
            return u;
        }

        String responseCreated() {
            String id = "resp_" + c.id() + "_" + responses;
            send(
                    "response.created",
                    "response",
                    Map.of("id", id, "object", "realtime.response", "status", "in_progress"));
            return id;
        }

        String assistantItem(String responseId) {
            String itemId = newId("msg");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", itemId);
            item.put("type", "message");
            item.put("role", "assistant");
            item.put("content", List.of());
            send("response.output_item.added", "response_id", responseId, "output_index", 0, "item", item);
            send("conversation.item.added", "item", item);
            return itemId;
        }

        void done(String responseId, Map<String, Object> usage) {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("id", responseId);
            response.put("status", "completed");
            if (usage != null) {
                response.put("usage", usage);
            }
            send("response.done", "response", response);
        }

        /** A whole text response: deltas word by word, the .done events, response.done with usage. */
        void text(String text, Map<String, Object> usage) {
            String responseId = responseCreated();
            String itemId = assistantItem(responseId);
            send("response.content_part.added", "item_id", itemId, "part", Map.of("type", "output_text", "text", ""));
            for (String piece : text.split("(?<= )")) {
                send("response.output_text.delta", "item_id", itemId, "delta", piece);
            }
            send("response.output_text.done", "item_id", itemId, "text", text);
            send("response.content_part.done", "item_id", itemId, "part", Map.of("type", "output_text", "text", text));
            send("response.output_item.done", "item", Map.of("id", itemId, "type", "message", "role", "assistant"));
            done(responseId, usage);
        }

        /** An audio response: transcript deltas, audio deltas in two chunks, the .done events. */
        void audio(byte[] audio, String transcript, Map<String, Object> usage) {
            String responseId = responseCreated();
            String itemId = assistantItem(responseId);
            send("response.output_audio_transcript.delta", "item_id", itemId, "delta", transcript);
            int half = audio.length / 2;
            send(
                    "response.output_audio.delta",
                    "item_id",
                    itemId,
                    "delta",
                    Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(audio, 0, half)));
            send(
                    "response.output_audio.delta",
                    "item_id",
                    itemId,
                    "delta",
                    Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(audio, half, audio.length)));
            send("response.output_audio.done", "item_id", itemId);
            send("response.output_audio_transcript.done", "item_id", itemId, "transcript", transcript);
            done(responseId, usage);
        }

        /** A response that is one function call. */
        void functionCall(String callId, String name, String arguments, Map<String, Object> usage) {
            String responseId = responseCreated();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", newId("fc"));
            item.put("type", "function_call");
            item.put("call_id", callId);
            item.put("name", name);
            item.put("arguments", "");
            send("response.output_item.added", "response_id", responseId, "item", item);
            send("response.function_call_arguments.delta", "call_id", callId, "delta", arguments);
            send("response.function_call_arguments.done", "call_id", callId, "name", name, "arguments", arguments);
            done(responseId, usage);
        }

        /** The text of the latest user item's first input_text part. */
        String lastUserText() {
            if (userItems.isEmpty()) {
                return "";
            }
            Object content = userItems.get(userItems.size() - 1).get("content");
            if (content instanceof List<?> parts && !parts.isEmpty() && parts.get(0) instanceof Map<?, ?> p) {
                return String.valueOf(p.get("text"));
            }
            return "";
        }
    }
}
