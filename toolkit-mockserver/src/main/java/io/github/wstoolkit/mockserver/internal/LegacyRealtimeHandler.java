package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.json.JsonException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The legacy Realtime configuration played offline ({@code /legacy-realtime}, or {@code /} when selected): the
 * beta-era event names. {@code session.created} on open; {@code conversation.item.create} with a user message is
 * answered at once (no {@code response.create} needed) with {@code conversation.item.created}, then
 * {@code response.created}, {@code response.audio_transcript.delta}…, {@code response.audio_transcript.done} (with
 * {@code transcript}) and {@code response.done}. The reply is the chunk/done server's canned reply for the item's text.
 */
final class LegacyRealtimeHandler extends BuiltIn {

    private final AtomicLong ids = new AtomicLong();

    @Override
    protected long defaultGapMillis() {
        return 50;
    }

    @Override
    protected void open(Conn c) {
        c.sendText(json(
                "type",
                "session.created",
                "event_id",
                "event_" + ids.incrementAndGet(),
                "session",
                map(
                        "id",
                        "sess_legacy_" + c.id(),
                        "object",
                        "realtime.session",
                        "model",
                        c.queryParameter("model").orElse("gpt-4o-realtime-preview-2024-10-01"),
                        "modalities",
                        List.of("text", "audio"))));
    }

    @Override
    protected void text(Conn c, String text) {
        Object msg;
        try {
            msg = Json.parse(text);
        } catch (JsonException e) {
            c.sendText(error("invalid_json", "The message is not valid JSON."));
            return;
        }
        if (!(msg instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)) {
            c.sendText(error("missing_type", "The event has no 'type'."));
            return;
        }
        switch (type) {
            case "session.update" ->
                c.sendText(json(
                        "type",
                        "session.updated",
                        "event_id",
                        "event_" + ids.incrementAndGet(),
                        "session",
                        m.get("session")));
            case "conversation.item.create" -> itemCreate(c, m);
            case "response.create", "input_audio_buffer.append", "input_audio_buffer.commit" -> {
                // answered already on conversation.item.create
            }
            default -> c.sendText(error("unknown_event", "Unknown event type: " + type));
        }
    }

    private void itemCreate(Conn c, Map<?, ?> event) {
        String prompt = RealtimeText.userText(event.get("item"));
        long n = ids.incrementAndGet();
        String itemId = "item_legacy_" + n;
        String responseId = "resp_legacy_" + n;
        String outItemId = "item_legacy_out_" + n;
        c.sendText(json(
                "type",
                "conversation.item.created",
                "event_id",
                "event_" + ids.incrementAndGet(),
                "previous_item_id",
                null,
                "item",
                map(
                        "id",
                        itemId,
                        "object",
                        "realtime.item",
                        "type",
                        "message",
                        "role",
                        "user",
                        "content",
                        List.of(map("type", "input_text", "text", prompt)))));
        String reply = Replies.seed(prompt);
        Answer.Builder a = Answer.builder(LegacyRealtimeHandler::faultError);
        a.add(json(
                "type",
                "response.created",
                "event_id",
                "event_" + ids.incrementAndGet(),
                "response",
                map("id", responseId, "object", "realtime.response", "status", "in_progress", "output", List.of())));
        for (String delta : c.chunks(reply)) {
            a.add(json(
                    "type",
                    "response.audio_transcript.delta",
                    "event_id",
                    "event_" + ids.incrementAndGet(),
                    "response_id",
                    responseId,
                    "item_id",
                    outItemId,
                    "output_index",
                    0,
                    "content_index",
                    0,
                    "delta",
                    delta));
        }
        a.add(json(
                "type",
                "response.audio_transcript.done",
                "event_id",
                "event_" + ids.incrementAndGet(),
                "response_id",
                responseId,
                "item_id",
                outItemId,
                "output_index",
                0,
                "content_index",
                0,
                "transcript",
                reply));
        a.add(json(
                "type",
                "response.done",
                "event_id",
                "event_" + ids.incrementAndGet(),
                "response",
                map(
                        "id",
                        responseId,
                        "object",
                        "realtime.response",
                        "status",
                        "completed",
                        "output",
                        List.of(map(
                                "id",
                                outItemId,
                                "object",
                                "realtime.item",
                                "type",
                                "message",
                                "role",
                                "assistant",
                                "content",
                                List.of(map("type", "audio", "transcript", reply)))))));
        c.answer(a.build());
    }

    static String error(String code, String message) {
        return json(
                "type",
                "error",
                "error",
                map("type", "invalid_request_error", "code", code, "message", message, "param", null));
    }

    static String faultError(String message) {
        return json(
                "type", "error", "error", map("type", "server_error", "code", "injected_fault", "message", message));
    }
}
