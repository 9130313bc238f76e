package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example project's Realtime config played offline: beta event names, answered on conversation.item.create. */
class LegacyRealtimeTest {

    static final String ITEM =
            "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hello, how are you today?\"}]}}";

    @Test
    void answersConversationItemCreateWithAudioTranscriptDeltasAndDone() throws Exception {
        try (MockServer server =
                        MockServer.builder().scenario(Scenario.parse("gap=0")).start();
                WsClient c = WsClient.connect(
                        server.wsUri("/legacy-realtime"), Map.of("Authorization", "Bearer x"), List.of())) {
            assertEquals("session.created", type(c.next()));
            c.send(ITEM);
            List<String> frames = c.until(f -> type(f).equals("response.done"));
            assertEquals("conversation.item.created", type(frames.get(0)));
            assertEquals("response.created", type(frames.get(1)));
            StringBuilder text = new StringBuilder();
            String transcript = null;
            for (String f : frames) {
                Map<?, ?> m = (Map<?, ?>) Json.parse(f);
                if ("response.audio_transcript.delta".equals(m.get("type"))) {
                    text.append(m.get("delta"));
                } else if ("response.audio_transcript.done".equals(m.get("type"))) {
                    transcript = (String) m.get("transcript");
                }
            }
            assertEquals("Hello! How can I help you today?", text.toString());
            assertEquals("Hello! How can I help you today?", transcript);
        }
    }

    @Test
    void rootCanPlayTheLegacyRealtimeServer() throws Exception {
        try (MockServer server =
                        MockServer.builder().root(RootBehaviour.LEGACY_REALTIME).start();
                WsClient c = WsClient.connect(server.wsUri("/"))) {
            assertEquals("session.created", type(c.next()));
            c.send(ITEM);
            List<String> frames = c.until(f -> type(f).equals("response.audio_transcript.done"));
            assertTrue(frames.get(frames.size() - 1).contains("\"transcript\":\"Hello! How can I help you today?\""));
        }
    }

    static String type(String frame) {
        return String.valueOf(((Map<?, ?>) Json.parse(frame)).get("type"));
    }
}
