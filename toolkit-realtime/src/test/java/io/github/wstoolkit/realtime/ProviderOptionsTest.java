package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider's options as a user sets them (id, label, timeouts, {@code maxToolIterations} and its bounds, a handler
 * given as an option) and the shape of what a turn resolves to when it ends in an error or in tool results alone, as
 * promptfoo words them.
 */
class ProviderOptionsTest {

    private static OpenAiRealtimeProvider.Builder provider(MockServer server) {
        return OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of())
                .modalities("text")
                .websocketTimeout(Duration.ofSeconds(10));
    }

    private static OpenAiRealtimeProvider.Builder offline() {
        return OpenAiRealtimeProvider.builder().apiKey("sk-test-secret-1234").env(Map.of());
    }

    @Test
    void idAndLabelDefaultToTheModelAndCanBeSet() {
        try (OpenAiRealtimeProvider p = offline().build()) {
            assertEquals("openai:realtime:gpt-realtime-1.5", p.id());
            assertEquals("openai:realtime:gpt-realtime-1.5", p.label());
            assertEquals("gpt-realtime-1.5", p.model());
        }
        try (OpenAiRealtimeProvider p =
                offline().model("gpt-realtime").label("voice bot").build()) {
            assertEquals("openai:realtime:gpt-realtime", p.id());
            assertEquals("voice bot", p.label());
        }
        try (OpenAiRealtimeProvider p = offline().id("bot-a").build()) {
            assertEquals("bot-a", p.id());
            assertEquals("bot-a", p.label());
        }
    }

    @Test
    void timeoutsMustBePositiveFiniteMilliseconds() {
        for (Object bad : List.of(0, -1, Double.NaN, Double.POSITIVE_INFINITY, "30s")) {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> offline().option("websocketTimeout", bad).build(),
                    "for " + bad);
            assertEquals("websocketTimeout: must be a positive number of milliseconds, got " + bad, e.getMessage());
            ConfigException t = assertThrows(
                    ConfigException.class,
                    () -> offline().option("toolCallTimeout", bad).build(),
                    "for " + bad);
            assertEquals("toolCallTimeout: must be a positive number of milliseconds, got " + bad, t.getMessage());
        }
        // a fraction of a millisecond is one millisecond
        offline().option("websocketTimeout", 0.5).build().close();
    }

    /** A model that calls a tool in every response: the loop ends at maxToolIterations. */
    private static String loopLimit(Object maxToolIterations) throws Exception {
        try (MockServer server =
                ScriptedRealtime.serve((c, e) -> c.functionCall("call_" + c.responses, "lookup", "{}", null))) {
            ProviderResponse r = provider(server)
                    .option("maxToolIterations", maxToolIterations)
                    .functionCallHandler((name, args) -> "result")
                    .build()
                    .call("loop", CallContext.EMPTY);
            String error = r.error().orElseThrow();
            return error.replaceAll(".*maxToolIterations=(\\d+);.*", "$1");
        }
    }

    @Test
    void maxToolIterationsIsOneTo64AndFallsBackTo8() throws Exception {
        assertEquals("1", loopLimit(1));
        assertEquals("1", loopLimit(1.9)); // whole rounds
        assertEquals("64", loopLimit(64));
        assertEquals("8", loopLimit(65));
        assertEquals("8", loopLimit(0));
        assertEquals("8", loopLimit("three"));
    }

    @Test
    void aHandlerGivenAsAnOptionAnswersTheModel() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.responses == 1) {
                c.functionCall("call_1", "lookup", "{\"q\":1}", null);
            } else {
                c.text("done", null);
            }
        })) {
            FunctionCallHandler handler = (name, args) -> "{\"" + name + "\":" + args + "}";
            ProviderResponse r = provider(server)
                    .option("functionCallHandler", handler)
                    .build()
                    .call("go", CallContext.EMPTY);
            assertEquals(List.of("{\"lookup\":{\"q\":1}}"), r.metadata().get("functionCallResults"));
            assertEquals("done\n\n[Function calls were made during processing]", r.output());
        }
    }

    @Test
    void toolResultsWithoutTextAreAnOutputNotAnEmptyResponse() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            if (c.responses == 1) {
                c.functionCall("call_1", "lookup", "{}", null);
            } else {
                c.done(c.responseCreated(), null); // the model says nothing after the tool result
            }
        })) {
            ProviderResponse r = provider(server)
                    .functionCallHandler((name, args) -> "42")
                    .build()
                    .call("go", CallContext.EMPTY);
            assertEquals(
                    "\n\n[Function calls were made during processing]",
                    r.output(),
                    r.error().orElse(""));
            assertEquals(List.of("42"), r.metadata().get("functionCallResults"));
            assertEquals(true, r.metadata().get("functionCallOccurred"));
        }
    }

    @Test
    void anErrorResponseCarriesTheResponseIdAndFunctionCallsOnlyWhenThereWereAny() throws Exception {
        Map<String, Object> error = Map.of("type", "server_error", "message", "model crashed");
        try (MockServer server = ScriptedRealtime.serve((c, e) -> {
            switch (c.lastUserText()) {
                case "plain" -> c.send("error", "error", error);
                case "started" -> {
                    c.responseCreated();
                    c.send("error", "error", error);
                }
                default -> {
                    // a function call, then the error before the response is done
                    String id = c.responseCreated();
                    c.send(
                            "response.output_item.added",
                            "response_id",
                            id,
                            "item",
                            Map.of("id", "fc_1", "type", "function_call", "call_id", "call_1", "name", "lookup"));
                    c.send("error", "error", error);
                }
            }
        })) {
            try (OpenAiRealtimeProvider p = provider(server).build()) {
                ProviderResponse plain = p.call("plain", CallContext.EMPTY);
                assertEquals(
                        "WebSocket error: Error: Error: model crashed",
                        plain.error().orElseThrow());
                assertEquals(Map.of(), plain.metadata());
                assertNull(plain.output());
                ProviderResponse started = p.call("started", CallContext.EMPTY);
                assertEquals(Map.of("responseId", "resp_2_1"), started.metadata());
                ProviderResponse called = p.call("called", CallContext.EMPTY);
                assertEquals(
                        Map.of(
                                "responseId",
                                "resp_3_1",
                                "functionCallOccurred",
                                true,
                                "functionCallResults",
                                List.of()),
                        called.metadata());
                assertFalse(called.error().isEmpty());
            }
        }
    }

    @Test
    void theKeyAndSecretHeadersAreScrubbedFromServerErrorsAndOtherHeadersAreNot() throws Exception {
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.send(
                "error",
                "error",
                Map.of("message", "key sk-test-secret-1234, gateway gw-secret-9876, team qa-team")))) {
            ProviderResponse r = provider(server)
                    .headers(Map.of("X-Api-Key", "gw-secret-9876", "X-Team", "qa-team"))
                    .build()
                    .call("hi", CallContext.EMPTY);
            assertEquals(
                    "WebSocket error: Error: Error: key [REDACTED], gateway [REDACTED], team qa-team",
                    r.error().orElseThrow());
        }
    }
}
