package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.transform.StreamOutcome;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.TransformResult;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The typed Java transforms on a real socket (the mock server on loopback): frames as text and JSON, an accumulator
 * of the caller's type made fresh per call, one result type, and the {@code StreamStep.done(initial)} trap refused.
 */
class JavaTransformsTest {

    private static MockServer server;

    private static MockHandler frames(String... texts) {
        return new MockHandler() {
            @Override
            public void onMessage(MockConnection c, String text) {
                for (String t : texts) {
                    c.sendText(t.replace("PROMPT", text));
                }
            }
        };
    }

    @BeforeAll
    static void start() {
        server = MockServer.builder()
                .port(0)
                .handler(
                        "/deltas",
                        frames(
                                "{\"type\":\"ready\"}",
                                "{\"type\":\"delta\",\"text\":\"PROMPT\"}",
                                "not json",
                                "{\"type\":\"delta\",\"text\":\"!\"}",
                                "{\"type\":\"done\",\"tokens\":7}"))
                .handler("/server-error", frames("{\"type\":\"error\",\"message\":\"model overloaded\"}"))
                .handler("/answer", frames("{\"answer\":\"forty-two\"}"))
                .handler("/array", frames("[1,2]"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String path) {
        return server.wsUri(path).toString();
    }

    private static WebSocketProvider deltas(String path) {
        return WebSocketProvider.builder()
                .url(url(path))
                .messageTemplate("{{ prompt }}")
                .<StringBuilder>streamResponse(StringBuilder::new, (text, frame, ctx) -> {
                    if (!frame.isJson()) {
                        return StreamOutcome.more(
                                text.append('|').append(frame.text()).append('|'));
                    }
                    JsonObject o = frame.jsonObject();
                    return switch (o.getString("type", "")) {
                        case "delta" -> StreamOutcome.more(text.append(o.getString("text")));
                        case "done" ->
                            StreamOutcome.done(TransformResult.output(text.toString())
                                    .withMetadata(Map.of("frames", frame.index() + 1))
                                    .withTokenUsage(new TokenUsage(o.getInt("tokens"), 0, 0, 0, 1)));
                        case "error" -> StreamOutcome.error(o.getString("message"));
                        default -> StreamOutcome.more(text);
                    };
                })
                .build();
    }

    @Test
    void aTypedAccumulatorCollectsTheFramesAndTheResultCarriesMetadataAndUsage() throws Exception {
        try (WebSocketProvider p = deltas("/deltas")) {
            ProviderResponse r = p.call("hi", CallContext.EMPTY);
            assertEquals("hi|not json|!", r.output());
            assertEquals(Optional.empty(), r.error());
            assertEquals(Map.of("frames", 5), r.metadata());
            assertEquals(Optional.of(new TokenUsage(7, 0, 0, 0, 1)), r.tokenUsage());
        }
    }

    @Test
    void eachCallGetsItsOwnAccumulator() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (WebSocketProvider p = deltas("/deltas")) {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String prompt = "call" + i;
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return p.call(prompt, CallContext.EMPTY).output();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals("call" + i + "|not json|!", calls.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorResultIsReturnedAsTheResponsesError() throws Exception {
        try (WebSocketProvider p = deltas("/server-error")) {
            ProviderResponse r = p.call("hi", CallContext.EMPTY);
            assertEquals(Optional.of("model overloaded"), r.error());
            assertFalse(r.hasOutput());
        }
    }

    @Test
    void transformFrameMakesTheResultFromTheFirstFrame() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/answer"))
                .messageTemplate("{{ prompt }}")
                .transformFrame((frame, ctx) -> TransformResult.output(frame.jsonObject()
                                .getString("answer") + " for " + ctx.vars().get("who")))
                .build()) {
            assertEquals(
                    "forty-two for me",
                    p.call("q", CallContext.ofVars(Map.of("who", "me"))).output());
        }
    }

    @Test
    void aFrameThatIsNotWhatTheTransformExpectsFailsTheCallNamingTheFrame() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/array"))
                .messageTemplate("{{ prompt }}")
                .transformFrame((frame, ctx) -> TransformResult.output(frame.jsonObject()))
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("q", CallContext.EMPTY));
            assertEquals(ProviderException.Kind.RESPONSE, e.kind());
            assertTrue(e.getMessage().contains("frame 0 is a JSON array, not an object"), e.getMessage());
        }
    }

    @Test
    void aNullOutcomeFailsTheCallWithAClearMessage() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/answer"))
                .messageTemplate("{{ prompt }}")
                .<Integer>streamResponse(() -> 0, (n, frame, ctx) -> null)
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("q", CallContext.EMPTY));
            assertTrue(e.getMessage().contains("the transform returned null"), e.getMessage());
        }
    }

    @Test
    void streamStepDoneOnTheInitialAccumulatorIsAClearErrorNotUnknownError() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/answer"))
                .messageTemplate("{{ prompt }}")
                .streamResponse((acc, event, ctx) -> StreamStep.done(acc))
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("q", CallContext.EMPTY));
            assertEquals(ProviderException.Kind.RESPONSE, e.kind());
            assertTrue(e.getMessage().contains("was given the initial accumulator"), e.getMessage());
        }
        // promptfoo's pair form (what a config's transform returns) keeps promptfoo's meaning
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/answer"))
                .messageTemplate("{{ prompt }}")
                .streamResponse((acc, event, ctx) -> new StreamStep(acc, true))
                .build()) {
            assertEquals(
                    Optional.of("unknown error occurred"),
                    p.call("q", CallContext.EMPTY).error());
        }
    }
}
