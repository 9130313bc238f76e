package io.github.wstoolkit.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.transform.StreamOutcome;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import io.github.wstoolkit.mockserver.junit.MockEndpoint;
import io.github.wstoolkit.mockserver.junit.WithMockServer;
import io.github.wstoolkit.ws.WebSocketProvider;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The third app: a client's test as its author would write it with the JUnit extension, the mock started for the
 * class and its endpoint injected, a persistent conversation kept over two calls.
 */
@WithMockServer(scenario = "gap=0")
class MockServerJUnitAppTest {

    private static WebSocketProvider client(URI ws) {
        return WebSocketProvider.builder()
                .url(ws.toString())
                .messageTemplate("{\"input\": {{ prompt | dump }}}")
                .persistent(true)
                .<StringBuilder>streamResponse(StringBuilder::new, (text, frame, ctx) -> {
                    JsonObject o = frame.jsonObject();
                    return switch (o.getString("type")) {
                        case "message" -> StreamOutcome.output(o.getString("message"));
                        case "error" -> StreamOutcome.error(o.getString("message", "error"));
                        default -> StreamOutcome.more(text); // ready, delta
                    };
                })
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    @Test
    void aConversationKeepsOneConnection(MockServer server, @MockEndpoint("/ws-stream") URI ws) throws Exception {
        try (WebSocketProvider chat = client(ws)) {
            CallContext conversation = CallContext.ofConversation("support-1");
            ProviderResponse first = chat.call("hello", conversation);
            ProviderResponse second = chat.call("what is the weather", conversation);
            assertEquals("Hello! How can I help you today?", first.output());
            assertEquals("You said: what is the weather", second.output());
        }
        JournalEntry e = server.awaitClosed(1, Duration.ofSeconds(30));
        assertEquals("/ws-stream", e.path());
        assertEquals(2, e.received().size(), "both calls went over one connection");
        List<JournalEntry> journal = server.journal();
        assertTrue(journal.size() >= 1, journal::toString);
    }
}
