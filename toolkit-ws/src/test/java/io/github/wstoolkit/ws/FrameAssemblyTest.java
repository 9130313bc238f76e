package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How frames become a response, mode by mode, as a user sees the result: the result map's {@code output},
 * {@code error}, {@code metadata} and {@code tokenUsage}; the legacy stream's deltas and its end frames; a
 * transformStream's answer through {@code transformResponse}; the wording of a transform's failure.
 */
class FrameAssemblyTest {

    private static MockServer server;

    @BeforeAll
    static void start() {
        server = MockServer.builder()
                .port(0)
                // each line of the message is sent back as one frame
                .handler("/lines", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        for (String line : text.split("\n")) {
                            c.sendText(line);
                        }
                    }
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url() {
        return "ws://127.0.0.1:" + server.port() + "/lines";
    }

    private static Provider provider(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageTemplate", "{{ prompt }}");
        m.put("timeoutMs", 10_000);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ProviderRegistry.load().create(ProviderSpec.of(url(), m));
    }

    private static ProviderResponse call(Provider p, String... frames) throws Exception {
        return p.call(String.join("\n", frames), CallContext.EMPTY);
    }

    // ------------------------------------------------------------------ the result map

    @Test
    void aResultMapCarriesMetadataAndEveryTokenCount() throws Exception {
        ProviderResponse r = call(
                provider(),
                "{\"output\":\"hi\",\"metadata\":{\"model\":\"m1\",\"7\":true},"
                        + "\"tokenUsage\":{\"total\":10,\"prompt\":4,\"completion\":6,\"cached\":2,\"numRequests\":3}}");
        assertEquals("hi", r.output());
        assertEquals(Map.of("model", "m1", "7", true), r.metadata());
        assertEquals(Optional.of(new TokenUsage(10, 4, 6, 2, 3)), r.tokenUsage());
        // counts that are not numbers count as 0; a metadata that is not a map is left out
        ProviderResponse partial =
                call(provider(), "{\"output\":1,\"metadata\":\"m\",\"tokenUsage\":{\"total\":\"many\",\"prompt\":5}}");
        assertEquals(Map.of(), partial.metadata());
        assertEquals(Optional.of(new TokenUsage(0, 5, 0, 0, 0)), partial.tokenUsage());
        assertEquals(
                Optional.empty(),
                call(provider(), "{\"output\":1,\"tokenUsage\":7}").tokenUsage());
    }

    @Test
    void anErrorThatIsNotTextReadsAsItsJson() throws Exception {
        ProviderException e =
                assertThrows(ProviderException.class, () -> call(provider(), "{\"error\":{\"code\":42},\"output\":1}"));
        assertEquals("{\"code\":42}", e.getMessage());
        assertEquals(ProviderException.Kind.RESPONSE, e.kind());
        // a falsy error is no error
        assertEquals("x", call(provider(), "{\"error\":\"\",\"output\":\"x\"}").output());
    }

    @Test
    void aTransformThatThrowsWithoutAMessageIsNamedByItsType() {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url())
                .messageTemplate("{{ prompt }}")
                .transformResponse((data, ctx) -> {
                    throw new IllegalStateException();
                })
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> call(p, "x"));
            assertEquals("Failed to process response: java.lang.IllegalStateException", e.getMessage());
            assertEquals(ProviderException.Kind.RESPONSE, e.kind());
        }
    }

    // ------------------------------------------------------------------ legacy stream: true

    @Test
    void legacyDeltasThatAreNotTextAreJoinedAsJsonAndEmptyOnesSkipped() throws Exception {
        ProviderResponse r = call(
                provider("stream", true),
                "{\"type\":\"chunk\",\"delta\":\"n=\"}",
                "{\"type\":\"chunk\",\"delta\":\"\"}",
                "{\"type\":\"chunk\"}",
                "{\"type\":\"chunk\",\"delta\":42}",
                "{\"type\":\"chunk\",\"delta\":{\"a\":[1]}}",
                "{\"type\":\"complete\"}");
        assertEquals("n=42{\"a\":[1]}", r.output());
    }

    @Test
    void legacyDoneWithoutContentOrDeltasAnswersWithTheDoneFrame() throws Exception {
        assertEquals(
                Map.of("type", "done", "content", ""),
                call(provider("stream", true), "{\"type\":\"done\",\"content\":\"\"}")
                        .output());
        // with no deltas transformResponse gets the done frame itself
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> call(
                        provider("stream", true, "transformResponse", "[error: data.reason]"),
                        "{\"type\":\"done\",\"reason\":\"quota\"}"));
        assertEquals("quota", e.getMessage());
    }

    @Test
    void legacyStreamEndsThroughTransformResponse() throws Exception {
        Provider p = provider("stream", true, "transformResponse", "[output: data.toUpperCase(), metadata: [n: 1]]");
        ProviderResponse r = call(p, "{\"type\":\"chunk\",\"delta\":\"ab\"}", "{\"type\":\"done\"}");
        assertEquals("AB", r.output());
        assertEquals(Map.of("n", 1), r.metadata());
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> call(
                        provider("stream", true, "transformResponse", "[error: 'refused ' + data]"),
                        "{\"type\":\"chunk\",\"delta\":\"ab\"}",
                        "{\"type\":\"done\"}"));
        assertEquals("refused ab", e.getMessage());
        ProviderException thrown = assertThrows(
                ProviderException.class,
                () -> call(
                        provider("stream", true, "transformResponse", "{ d -> throw new RuntimeException('bad end') }"),
                        "{\"type\":\"done\",\"content\":\"c\"}"));
        assertEquals("Failed to process response: bad end", thrown.getMessage());
    }

    // ------------------------------------------------------------------ transformStream

    @Test
    void transformStreamWaitsOnNullAndFallsBackToTheLastMessageOnAnEmptyOutput() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url())
                .messageTemplate("{{ prompt }}")
                .transformStream((message, messages, ctx) ->
                        messages.size() < 3 ? null : StreamDecision.output(messages.size() == 3 ? "" : "n/a"))
                .build()) {
            assertEquals(
                    Map.of("third", 3), call(p, "1", "\"two\"", "{\"third\":3}").output());
        }
    }

    @Test
    void transformStreamsAnswerGoesThroughTransformResponse() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url())
                .messageTemplate("{{ prompt }}")
                .transformStream((message, messages, ctx) ->
                        "end".equals(message) ? StreamDecision.output(messages.size()) : StreamDecision.MORE)
                .transformResponse((data, ctx) -> Map.of("output", "frames: " + data))
                .build()) {
            assertEquals("frames: 3", call(p, "a", "b", "end").output());
        }
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url())
                .messageTemplate("{{ prompt }}")
                .transformStream((message, messages, ctx) -> StreamDecision.output("x"))
                .transformResponse((data, ctx) -> Map.of("error", "", "other", data))
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> call(p, "a"));
            assertEquals("No output from provider", e.getMessage());
        }
        // without transformResponse the answer is normalised, and an error in it resolves
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url())
                .messageTemplate("{{ prompt }}")
                .transformStream((message, messages, ctx) -> StreamDecision.output(Map.of("error", "late")))
                .build()) {
            ProviderResponse r = call(p, "a");
            assertEquals(Optional.of("late"), r.error());
            assertFalse(r.hasOutput());
        }
    }

    @Test
    void aStreamResponseFrameCarriesItsIndexAndText() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url())
                .messageTemplate("{{ prompt }}")
                .streamResponse((acc, event, ctx) -> {
                    seen.add(event.index() + ":" + event.data());
                    return event.index() == 2
                            ? io.github.wstoolkit.api.transform.StreamStep.done(Map.of("output", seen.size()))
                            : io.github.wstoolkit.api.transform.StreamStep.more(acc);
                })
                .build()) {
            assertEquals(3, call(p, "a", "{\"b\":1}", "c").output());
            assertEquals(List.of("0:a", "1:{\"b\":1}", "2:c"), seen);
        }
    }
}
