package io.github.wstoolkit.realtime;

import static io.github.wstoolkit.realtime.PersistentModeTest.conversation;
import static io.github.wstoolkit.realtime.ScriptedRealtime.apiBase;
import static io.github.wstoolkit.realtime.ScriptedRealtime.asMap;
import static io.github.wstoolkit.realtime.ScriptedRealtime.sent;
import static io.github.wstoolkit.realtime.ScriptedRealtime.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Function calling (tool rounds: call, handler output, next response) against a scripted GA endpoint. */
class FunctionCallingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final List<Object> TOOLS = List.of(Map.of(
            "type",
            "function",
            "function",
            Map.of(
                    "name", "end_of_dialog_tool",
                    "description", "Ends the dialog",
                    "parameters", Map.of("type", "object", "properties", Map.of()))));

    @TempDir
    Path dir;

    /** First response: one call; after the tool output: a text answer. Usage 11 + 8 = 19 (12 prompt, 7 completion). */
    private static final ScriptedRealtime.Script CALL_THEN_TEXT = (c, e) -> {
        if (!e.containsKey("response")) {
            c.text("Thanks, goodbye!", c.usage(4, 4));
        } else {
            c.functionCall("call_1", "end_of_dialog_tool", "{\"call_status\":\"callback\"}", c.usage(8, 3));
        }
    };

    private static OpenAiRealtimeProvider.Builder provider(MockServer server) {
        return OpenAiRealtimeProvider.builder()
                .apiKey("sk-test-secret-1234")
                .apiBaseUrl(apiBase(server))
                .env(Map.of())
                .modalities("text")
                .tools(TOOLS)
                .websocketTimeout(Duration.ofSeconds(10));
    }

    @Test
    void toolRoundSendsTheOutputThenABareResponseCreateAndSumsUsage() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        try (MockServer server = ScriptedRealtime.serve(CALL_THEN_TEXT)) {
            try (OpenAiRealtimeProvider p = provider(server)
                    .functionCallHandler((name, args) -> {
                        calls.add(name + " " + args);
                        return args;
                    })
                    .build()) {
                ProviderResponse r = p.call("bye", conversation("tools"));
                assertEquals("Thanks, goodbye!\n\n[Function calls were made during processing]", r.output());
                assertEquals(List.of("end_of_dialog_tool {\"call_status\":\"callback\"}"), calls);
                assertEquals(
                        List.of("{\"call_status\":\"callback\"}"), r.metadata().get("functionCallResults"));
                assertEquals(true, r.metadata().get("functionCallOccurred"));
                assertEquals(2, ((List<?>) r.metadata().get("usageEvents")).size());
                assertEquals(new TokenUsage(19, 12, 7, 0, 2), r.tokenUsage().orElseThrow());

                JournalEntry entry = server.journal().get(0);
                assertEquals(
                        List.of(
                                "session.update",
                                "conversation.item.create",
                                "response.create",
                                "conversation.item.create",
                                "response.create"),
                        types(entry));
                List<Map<String, Object>> events = sent(entry);
                Map<String, Object> session = asMap(events.get(0).get("session"));
                assertEquals("auto", session.get("tool_choice"));
                // flattened (Map.of above has no key order, so compare as values)
                assertEquals(
                        Json.parse("[{\"type\":\"function\",\"name\":\"end_of_dialog_tool\","
                                + "\"description\":\"Ends the dialog\","
                                + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}]"),
                        session.get("tools"));
                assertEquals(
                        session.get("tools"),
                        asMap(events.get(2).get("response")).get("tools"));
                assertEquals(
                        "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"{\\\"call_status\\\":\\\"callback\\\"}\"}",
                        Json.stringify(events.get(3).get("item")));
                assertEquals(
                        List.of("type", "event_id"), List.copyOf(events.get(4).keySet()));
            }
        }
    }

    @Test
    void failingHandlerSendsTheRedactedOutputAndTheTurnSucceeds() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(CALL_THEN_TEXT)) {
            ProviderResponse r = provider(server)
                    .functionCallHandler((name, args) -> {
                        throw new IllegalStateException("database password is hunter2");
                    })
                    .build()
                    .call("bye", CallContext.EMPTY);
            assertTrue(r.error().isEmpty(), r.error().orElse(""));
            assertEquals(
                    List.of("{\"error\":\"Tool execution failed\"}"),
                    r.metadata().get("functionCallResults"));
            Map<String, Object> output =
                    asMap(sent(server.journal().get(0)).get(3).get("item"));
            assertEquals("{\"error\":\"Tool execution failed\"}", output.get("output"));
            assertFalse(server.journal().get(0).received().toString().contains("hunter2"));
        }
    }

    @Test
    void handlerReturningNullIsTreatedAsAFailure() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(CALL_THEN_TEXT)) {
            ProviderResponse r = provider(server)
                    .functionCallHandler((name, args) -> null)
                    .build()
                    .call("bye", CallContext.EMPTY);
            assertEquals(
                    List.of("{\"error\":\"Tool execution failed\"}"),
                    r.metadata().get("functionCallResults"));
        }
    }

    @Test
    void hangingHandlerTimesOutIntoTheRedactedOutput() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (MockServer server = ScriptedRealtime.serve(CALL_THEN_TEXT)) {
            ProviderResponse r = provider(server)
                    .toolCallTimeout(Duration.ofMillis(50))
                    .functionCallHandler((name, args) -> {
                        never.await(10, TimeUnit.SECONDS);
                        return "late";
                    })
                    .build()
                    .call("bye", CallContext.EMPTY);
            assertEquals("Thanks, goodbye!\n\n[Function calls were made during processing]", r.output());
            assertEquals(
                    List.of("{\"error\":\"Tool execution failed\"}"),
                    r.metadata().get("functionCallResults"));
        } finally {
            never.countDown();
        }
    }

    @Test
    void slowHandlerDoesNotCountAgainstTheSocketTimeout() throws Exception {
        // the handler takes longer than websocketTimeout; the timer is paused while it runs. The timeout stays
        // long enough for the server's answers on a loaded machine; only the handler outlasts it.
        try (MockServer server = ScriptedRealtime.serve(CALL_THEN_TEXT)) {
            CountDownLatch never = new CountDownLatch(1);
            ProviderResponse r = provider(server)
                    .websocketTimeout(Duration.ofSeconds(2))
                    .toolCallTimeout(Duration.ofSeconds(10))
                    .functionCallHandler((name, args) -> {
                        never.await(2500, TimeUnit.MILLISECONDS); // a slow tool
                        return "{\"ok\":true}";
                    })
                    .build()
                    .call("bye", conversation("slow-tool"));
            assertTrue(r.error().isEmpty(), r.error().orElse(""));
            assertEquals(List.of("{\"ok\":true}"), r.metadata().get("functionCallResults"));
        }
    }

    @Test
    void toolLoopBeyondMaxToolIterationsFailsKeepsPartialResultsAndClosesTheSocket() throws Exception {
        try (MockServer server =
                ScriptedRealtime.serve((c, e) -> c.functionCall("call_" + c.responses, "lookup", "{}", null))) {
            try (OpenAiRealtimeProvider p = provider(server)
                    .maxToolIterations(2)
                    .functionCallHandler((name, args) -> "result")
                    .build()) {
                ProviderResponse r = p.call("loop", conversation("loop"));
                assertEquals(
                        "WebSocket error: Error: Realtime tool-call loop exceeded maxToolIterations=2; increase"
                                + " config.maxToolIterations if your evaluation legitimately requires deeper chains.",
                        r.error().orElseThrow());
                assertEquals(List.of("result", "result"), r.metadata().get("functionCallResults"));
                assertFalse(p.hasOpenSocket());
                server.awaitClosed(1, WAIT);
                assertEquals(
                        3,
                        ScriptedRealtime.types(server.journal().get(0)).stream()
                                .filter("response.create"::equals)
                                .count());
            }
        }
    }

    @Test
    void toolsFromAYamlFileWithAForcedChoice() throws Exception {
        Files.writeString(
                dir.resolve("tools.yaml"),
                """
                - type: function
                  function:
                    name: get_weather
                    description: Get the weather
                    parameters:
                      type: object
                      properties:
                        location: {type: string}
                      required: [location]
                """);
        try (MockServer server = ScriptedRealtime.serve((c, e) -> c.text("sunny", null))) {
            provider(server)
                    .baseDir(dir)
                    .tools("file://tools.yaml")
                    .toolChoice(Map.of("type", "function", "function", Map.of("name", "get_weather")))
                    .build()
                    .call("weather?", CallContext.EMPTY);
            Map<String, Object> session =
                    asMap(sent(server.awaitJournal(j -> !j.isEmpty(), WAIT).get(0))
                            .get(0)
                            .get("session"));
            assertEquals(
                    "{\"type\":\"function\",\"name\":\"get_weather\"}", Json.stringify(session.get("tool_choice")));
            assertEquals(
                    "get_weather",
                    asMap(((List<?>) session.get("tools")).get(0)).get("name"));
        }
    }

    @Test
    void promptLevelHandlerWinsOverTheProviderOne() throws Exception {
        try (MockServer server = ScriptedRealtime.serve(CALL_THEN_TEXT)) {
            io.github.wstoolkit.api.transform.FunctionCallHandler promptHandler = (name, args) -> "from prompt";
            ProviderResponse r = provider(server)
                    .functionCallHandler((name, args) -> "from provider")
                    .build()
                    .call(
                            "bye",
                            CallContext.builder()
                                    .prompt(Map.of("config", Map.of("functionCallHandler", promptHandler)))
                                    .build());
            assertEquals(List.of("from prompt"), r.metadata().get("functionCallResults"));
        }
    }
}
