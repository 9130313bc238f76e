package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The providers of seeds 000, 001, 003 and 004 as their configs are written (JavaScript transforms translated to
 * Groovy), against the mock server's endpoints that play the seed servers.
 */
class SeedConfigsTest {

    private static MockServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = MockServer.builder()
                .port(0)
                // a streamed travel suggestion (chunk frames, then done)
                .handler("/travel", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        c.sendText("{\"type\":\"chunk\",\"text\":\"You should visit \"}");
                        c.sendText("{\"type\":\"chunk\",\"text\":\"Kyoto in spring.\"}");
                        c.sendText("{\"type\":\"done\"}");
                    }
                })
                // a recipe stream that ends on a frame with a complete flag
                .handler("/recipe", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        c.sendText(
                                "{\"role\":\"assistant\",\"event\":\"delta\",\"content\":\"Start by sautéing onions...\",\"complete\":false}");
                        c.sendText(
                                "{\"role\":\"assistant\",\"event\":\"delta\",\"content\":\" then add tomatoes and simmer.\",\"complete\":false}");
                        c.sendText(
                                "{\"role\":\"assistant\",\"event\":\"final\",\"content\":\"Start by sautéing onions, then add tomatoes and simmer.\",\"complete\":true}");
                    }
                })
                // promptfoo's examples/websockets test server: {"output": "Processed: <prompt>"}
                .handler("/processed", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        Object msg = io.github.wstoolkit.api.json.Json.parseOrText(text);
                        if (msg instanceof Map<?, ?> m) {
                            c.sendText(io.github.wstoolkit.api.json.Json.stringify(Map.of(
                                    "output",
                                    "Processed: " + m.get("prompt"),
                                    "model",
                                    String.valueOf(m.get("model")))));
                        } else {
                            c.sendText("{\"error\":\"Invalid JSON\"}");
                        }
                    }
                })
                .start();
        Files.createDirectories(dir.resolve("stream-transforms"));
        // the example project's stream-transforms/simple-chunk.js (join chunk deltas until a done frame), in Groovy
        Files.writeString(
                dir.resolve("stream-transforms/simple-chunk.groovy"),
                """
                // done/complete: the content, or the chunks joined; error: the error
                return { context ->
                    def message = context.message
                    if (message.type == 'done' || message.type == 'complete') {
                        def text = message.content ?: context.messages
                                .findAll { it instanceof Map && it.type == 'chunk' && it.delta }
                                .collect { it.delta }
                                .join('')
                        return [done: true, output: text]
                    }
                    if (message.type == 'error') {
                        return [done: true, error: message.error ?: 'Stream error occurred']
                    }
                    return [:]
                }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Provider provider(String id, String label, Map<String, Object> config) {
        return ProviderRegistry.load().create(new ProviderSpec(id, Optional.ofNullable(label), config, dir, Map.of()));
    }

    private static String seedUrl(String scheme, String path) {
        return scheme + "://127.0.0.1:" + server.port() + path;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ the first example project's configs

    private static final String SEED000_INLINE =
            """
            (context) -> {
              def message = context.message
              def messages = context.messages
              // Check for completion
              if (message.type == 'done') {
                def chunks = messages
                  .findAll { m -> m.type == 'chunk' && m.delta }
                  .collect { m -> m.delta }
                return [done: true, output: chunks.join('')]
              }
              // Check for errors
              if (message.type == 'error') {
                return [done: true, error: message.error]
              }
              // Continue streaming
              return [:]
            }
            """;

    @Test
    void seed000LocalInlineTransformStream() throws Exception {
        Provider p = provider(
                seedUrl("websocket", "/"),
                "local-inline",
                map(
                        "messageTemplate",
                        "{\"prompt\": \"{{prompt}}\"}",
                        "transformStream",
                        SEED000_INLINE,
                        "timeoutMs",
                        15000));
        assertEquals("local-inline", p.label());
        ProviderResponse r = p.call("Hello, how are you today?", CallContext.EMPTY);
        assertEquals("Hello! How can I help you today?", r.output());
        assertEquals(1 + 7 + 1, r.timings().framesReceived()); // connected, 7 words, done
    }

    @Test
    void seed000LocalFileTransformStream() throws Exception {
        Provider p = provider(
                seedUrl("websocket", "/"),
                "local-file-transform",
                map(
                        "messageTemplate", "{\"prompt\": \"{{prompt}}\"}",
                        "transformStream", "file://stream-transforms/simple-chunk.groovy",
                        "timeoutMs", 15000));
        assertEquals(
                "Why did the programmer quit his job? Because he didn't get arrays!",
                p.call("Please tell me a joke", CallContext.EMPTY).output());
    }

    @Test
    void seed000LocalLegacyStream() throws Exception {
        Provider p = provider(
                seedUrl("websocket", "/"),
                "local-legacy",
                map(
                        "stream",
                        true,
                        "messageTemplate",
                        "{\"prompt\": \"{{prompt}}\", \"stream\": true}",
                        "timeoutMs",
                        15000));
        Object out = p.call("What is AI, in simple terms?", CallContext.EMPTY).output();
        assertTrue(String.valueOf(out).startsWith("Artificial Intelligence (AI) is a branch"), String.valueOf(out));
    }

    @Test
    void seed000TransformResponseProcessesTheFinalResult() throws Exception {
        Provider p = provider(
                seedUrl("ws", "/"),
                null,
                map(
                        "messageTemplate", "{\"prompt\": \"{{prompt}}\"}",
                        "transformStream",
                                "context.message.type == 'done' ? [done: true, output: context.messages.findAll { it.delta }.collect { it.delta }.join('')] : [:]",
                        "transformResponse", "data.trim().replaceAll(/\\s+/, ' ').toUpperCase()"));
        assertEquals(
                "HELLO! HOW CAN I HELP YOU TODAY?",
                p.call("hello", CallContext.EMPTY).output());
    }

    @Test
    void seed000DefaultTransformStreamEndsOnDoneWithContent() throws Exception {
        Provider p = provider(
                seedUrl("ws", "/"),
                null,
                map("messageTemplate", "{\"prompt\": {{ prompt | dump }}}", "transformStream", "default"));
        assertEquals(
                "Hello! How can I help you today?",
                p.call("hello", CallContext.EMPTY).output());
    }

    @Test
    void seed000RealtimeLegacyConfigAgainstTheOfflineRealtime() throws Exception {
        Provider p = provider(
                seedUrl("wss", "/legacy-realtime?model=gpt-4o-realtime-preview-2024-10-01&gap=0")
                        .replace("wss://", "ws://"),
                null,
                map(
                        "stream", true,
                        "streamChunkType", "response.audio_transcript.delta",
                        "streamDoneType", "response.audio_transcript.done",
                        "streamDeltaField", "delta",
                        "messageTemplate",
                                """
                                {
                                  "type": "conversation.item.create",
                                  "item": {
                                    "type": "message",
                                    "role": "user",
                                    "content": [{"type": "input_text", "text": "{{prompt}}"}]
                                  }
                                }
                                """,
                        "headers", Map.of("Authorization", "Bearer {{env.OPENAI_API_KEY}}"),
                        "timeoutMs", 30000,
                        "transformResponse", "data"));
        assertEquals(
                "Hello! How can I help you today?",
                p.call("Hello, how are you today?", CallContext.EMPTY).output());
    }

    // ------------------------------------------------------------------ one answer frame per message

    @Test
    void seed001StreamingEndpoint() throws Exception {
        Provider p = provider(
                seedUrl("ws", "/ws-stream"),
                null,
                map(
                        "messageTemplate", "{\"input\": {{prompt | dump}}}",
                        "streamResponse",
                                """
                        (accumulator, event, context) -> {
                          def parsed = JSON.parse(event.data)
                          def message = parsed.message
                          def type = parsed.type
                          if (type == 'message') { return [[output: message], true] }
                          if (type == 'error')   { return [[error: message], true] }
                          return [[output: message], false]
                        }
                        """));
        assertEquals(
                "You said: Translate to French: good night",
                p.call("Translate to French: good night", CallContext.EMPTY).output());
    }

    @Test
    void seed001NonStreamingEndpoint() throws Exception {
        Provider p = provider(
                seedUrl("ws", "/ws"),
                null,
                map("messageTemplate", "{\"input\": {{prompt | dump}}}", "transformResponse", "data.message"));
        assertEquals(
                "You said: I'm hungry", p.call("I'm hungry", CallContext.EMPTY).output());
    }

    // ------------------------------------------------------------------ streamed answers

    @Test
    void seed003ConcatenateStreamedChunks() throws Exception {
        Provider p = provider(
                seedUrl("wss", "/travel").replace("wss://", "ws://"),
                null,
                map(
                        "messageTemplate", "{\"prompt\": {{ prompt | dump }} }",
                        "streamResponse",
                                """
                        (accumulator, data, context) -> {
                          def msg = data.data instanceof String ? new groovy.json.JsonSlurper().parseText(data.data) : data.data
                          def previous = accumulator?.output instanceof String ? accumulator.output : ''
                          if (msg?.type == 'chunk' && msg.text instanceof String) {
                            return [[output: previous + msg.text], false]
                          }
                          if (msg?.type == 'done') {
                            return [[output: previous], true]
                          }
                          return [accumulator, false]
                        }
                        """));
        assertEquals(
                "You should visit Kyoto in spring.",
                p.call("Where?", CallContext.EMPTY).output());
    }

    @Test
    void seed003CompleteFlagKeepsOnlyTheFinalMessage() throws Exception {
        Provider p = provider(
                seedUrl("ws", "/recipe"),
                null,
                map(
                        "messageTemplate", "{\"prompt\": {{ prompt | dump }} }",
                        "streamResponse",
                                """
                        (accumulator, data, context) -> {
                          def msg = data.data instanceof String ? JSON.parse(data.data) : data.data
                          if (msg?.complete == true) {
                            return [[output: msg.content], true]
                          }
                          return [accumulator, false]
                        }
                        """));
        assertEquals(
                "Start by sautéing onions, then add tomatoes and simmer.",
                p.call("Recipe?", CallContext.EMPTY).output());
    }

    // ------------------------------------------------------------------ promptfoo's examples/websockets

    @Test
    void seed004ResponseParser() throws Exception {
        Provider p = provider(
                seedUrl("ws", "/processed"),
                null,
                map(
                        "messageTemplate", "{\"prompt\": \"{{prompt}}\", \"model\": \"{{model}}\"}",
                        "responseParser", "data.output",
                        "timeoutMs", 10000));
        ProviderResponse r = p.call(
                "Rephrase this in French: Hello world",
                CallContext.ofVars(Map.of("model", "gpt-4", "language", "French")));
        assertEquals("Processed: Rephrase this in French: Hello world", r.output());
    }

    /** With {@code dump} and no model var the message is invalid JSON, which the server refuses; the call rejects. */
    @Test
    void examplesWebsocketsWithoutModelVarRejectsNoOutput() {
        Provider p = provider(
                seedUrl("ws", "/processed"),
                null,
                map(
                        "messageTemplate", "{\"prompt\": {{prompt | dump}}, \"model\": {{model | dump}}}",
                        "transformResponse", "data.output"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.wstoolkit.api.ProviderException.class, () -> p.call("Hello world", CallContext.EMPTY));
        assertEquals("No output from provider", e.getMessage());
    }
}
