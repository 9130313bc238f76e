package io.github.wstoolkit.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.TokenUsage;
import io.github.wstoolkit.api.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code openai:chat:<model>} on the wire, against a scripted HTTP server on loopback: what the request carries
 * (model, messages, passthrough options, headers), how the answer's fields become the output, metadata and token
 * usage, and how each kind of failure reads (status, transience, code; never the key).
 */
class ChatCompletionsWireTest {

    private static final String KEY = "sk-test-chat-wire-0123456789";

    private static Provider create(String id, Map<String, Object> config, Map<String, String> env) {
        return ProviderRegistry.load()
                .create(new ProviderSpec(
                        id, Optional.empty(), config, Path.of("").toAbsolutePath(), env));
    }

    private static Provider chat(LoopbackHttp server, Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>(extra);
        config.put("apiBaseUrl", server.apiBase());
        return create("openai:chat:gpt-4o-mini", config, Map.of("OPENAI_API_KEY", KEY));
    }

    /** A completion whose first choice carries this message. */
    private static String completion(Map<String, Object> message) {
        return Json.stringify(Map.of("choices", List.of(Map.of("index", 0, "message", message))));
    }

    private static String answering(String content) {
        return completion(Map.of("role", "assistant", "content", content));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(LoopbackHttp.Request r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    void requestCarriesModelMessagesPassthroughOptionsAndHeaders() throws Exception {
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(answering("fine")))) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("temperature", 0.2);
            config.put("seed", 7);
            config.put("max_tokens", 50);
            config.put("voice", "alloy"); // a Realtime option: not a Chat Completions parameter
            config.put("organization", "org-qa");
            config.put("headers", Map.of("X-Team", "qa"));
            try (Provider p = chat(server, config)) {
                assertEquals("openai:chat:gpt-4o-mini", p.id());
                assertEquals("fine", p.call("Hello", CallContext.EMPTY).output());
                // a prompt's own config wins over the provider's
                CallContext warmer = CallContext.builder()
                        .prompt(Map.of("config", Map.of("temperature", 0.9)))
                        .build();
                p.call("Again", warmer);
            }
            List<LoopbackHttp.Request> requests = server.requests();
            assertEquals(2, requests.size());
            LoopbackHttp.Request first = requests.get(0);
            assertEquals("POST", first.method());
            assertEquals("/v1/chat/completions", first.path());
            assertEquals("Bearer " + KEY, first.headers().get("authorization"));
            assertEquals("org-qa", first.headers().get("openai-organization"));
            assertEquals("qa", first.headers().get("x-team"));
            assertEquals("application/json", first.headers().get("content-type"));
            Map<String, Object> body = body(first);
            assertEquals("gpt-4o-mini", body.get("model"));
            assertEquals(List.of(Map.of("role", "user", "content", "Hello")), body.get("messages"));
            assertEquals(0.2, ((Number) body.get("temperature")).doubleValue());
            assertEquals(7, ((Number) body.get("seed")).intValue());
            assertEquals(50, ((Number) body.get("max_tokens")).intValue());
            assertFalse(body.containsKey("voice"), body.toString());
            assertFalse(body.containsKey("organization"), body.toString());
            assertEquals(0.9, ((Number) body(requests.get(1)).get("temperature")).doubleValue());
        }
    }

    @Test
    void anAuthHeaderOfTheUsersReplacesTheBearerTokenAndStandsInForTheKey() throws Exception {
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(answering("ok")))) {
            // no key anywhere: an api-key header (Azure style) is enough to create and call the provider
            Map<String, Object> azure = Map.of("apiBaseUrl", server.apiBase(), "headers", Map.of("api-key", "az-1"));
            try (Provider p = create("openai:chat:gpt-4o-mini", azure, Map.of())) {
                p.call("hi", CallContext.EMPTY);
            }
            Map<String, Object> own =
                    Map.of("apiBaseUrl", server.apiBase(), "headers", Map.of("Authorization", "Token t-2"));
            try (Provider p = create("openai:chat:gpt-4o-mini", own, Map.of("OPENAI_API_KEY", KEY))) {
                p.call("hi", CallContext.EMPTY);
            }
            // the organization from the environment
            try (Provider p = create(
                    "openai:chat:gpt-4o-mini",
                    Map.of("apiBaseUrl", server.apiBase()),
                    Map.of("OPENAI_API_KEY", KEY, "OPENAI_ORGANIZATION", "org-env"))) {
                p.call("hi", CallContext.EMPTY);
            }
            List<LoopbackHttp.Request> requests = server.requests();
            assertEquals("az-1", requests.get(0).headers().get("api-key"));
            assertNull(requests.get(0).headers().get("authorization"));
            assertNull(requests.get(0).headers().get("openai-organization"));
            assertEquals("Token t-2", requests.get(1).headers().get("authorization"));
            assertEquals("org-env", requests.get(2).headers().get("openai-organization"));
        }
    }

    @Test
    void modelComesFromTheIdThenTheConfigThenTheDefault() throws Exception {
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(answering("ok")))) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", KEY);
            try (Provider p = create("openai:chat", Map.of("apiBaseUrl", server.apiBase(), "model", "gpt-x"), env)) {
                p.call("hi", CallContext.EMPTY);
            }
            try (Provider p = create("openai:chat", Map.of("apiBaseUrl", server.apiBase()), env)) {
                p.call("hi", CallContext.EMPTY);
            }
            try (Provider p = create("openai:gpt-4.1", Map.of("apiBaseUrl", server.apiBase()), env)) {
                p.call("hi", CallContext.EMPTY);
            }
            List<LoopbackHttp.Request> requests = server.requests();
            assertEquals("gpt-x", body(requests.get(0)).get("model"));
            assertEquals("gpt-5.6-sol", body(requests.get(1)).get("model"));
            assertEquals("gpt-4.1", body(requests.get(2)).get("model"));
        }
    }

    @Test
    void aPromptIsAMessageListOnlyWhenItIsAJsonListOfRoles() throws Exception {
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(answering("ok")))) {
            List<String> prompts = List.of(
                    "[see the list below]",
                    "[1, 2]",
                    "[]",
                    "[{\"role\":\"user\",\"content\":\"a\"},{\"content\":\"no role\"}]",
                    "  [{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"ping\"}]");
            try (Provider p = chat(server, Map.of())) {
                for (String prompt : prompts) {
                    p.call(prompt, CallContext.EMPTY);
                }
            }
            List<LoopbackHttp.Request> requests = server.requests();
            for (int i = 0; i < 4; i++) {
                assertEquals(
                        List.of(Map.of("role", "user", "content", prompts.get(i))),
                        body(requests.get(i)).get("messages"));
            }
            assertEquals(
                    List.of(Map.of("role", "system", "content", "be brief"), Map.of("role", "user", "content", "ping")),
                    body(requests.get(4)).get("messages"));
        }
    }

    @Test
    void answerFieldsBecomeOutputMetadataAndTokenUsage() throws Exception {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("model", "gpt-4o-mini-2024-07-18");
        first.put(
                "choices",
                List.of(Map.of(
                        "index",
                        0,
                        "finish_reason",
                        "length",
                        "message",
                        Map.of("role", "assistant", "content", "Hi"))));
        first.put("usage", Map.of("prompt_tokens", 11, "completion_tokens", 4));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("choices", List.of(Map.of("message", Map.of("content", "Again"))));
        second.put(
                "usage",
                Map.of(
                        "prompt_tokens",
                        11,
                        "completion_tokens",
                        4,
                        "total_tokens",
                        20,
                        "prompt_tokens_details",
                        Map.of("cached_tokens", 3)));
        List<String> bodies = List.of(Json.stringify(first), Json.stringify(second), answering("no usage"));
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(bodies.get(serverIndex(r))))) {
            try (Provider p = chat(server, Map.of())) {
                ProviderResponse a = p.call("0", CallContext.EMPTY);
                assertEquals("Hi", a.output());
                assertEquals("length", a.metadata().get("finishReason"));
                assertEquals("gpt-4o-mini-2024-07-18", a.metadata().get("model"));
                assertEquals(new TokenUsage(15, 11, 4, 0, 1), a.tokenUsage().orElseThrow());
                assertEquals(1, a.timings().framesReceived());
                assertEquals(Json.stringify(first).length(), a.timings().bytesReceived());
                ProviderResponse b = p.call("1", CallContext.EMPTY);
                assertEquals("Again", b.output());
                assertFalse(b.metadata().containsKey("finishReason"));
                assertFalse(b.metadata().containsKey("model"));
                assertEquals(new TokenUsage(20, 11, 4, 3, 1), b.tokenUsage().orElseThrow());
                ProviderResponse c = p.call("2", CallContext.EMPTY);
                assertEquals("no usage", c.output());
                assertTrue(c.tokenUsage().isEmpty());
            }
        }
    }

    /** The answer a request asks for: its prompt is the index. */
    private static int serverIndex(LoopbackHttp.Request r) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) body(r).get("messages");
        return Integer.parseInt(String.valueOf(messages.get(0).get("content")));
    }

    @Test
    void aRefusalOrToolCallsStandInForMissingContent() throws Exception {
        Map<String, Object> refusal = new LinkedHashMap<>();
        refusal.put("role", "assistant");
        refusal.put("content", null);
        refusal.put("refusal", "I can't help with that.");
        Map<String, Object> tools = new LinkedHashMap<>();
        tools.put("role", "assistant");
        tools.put("content", null);
        List<Object> calls = List.of(
                Map.of("id", "call_1", "type", "function", "function", Map.of("name", "lookup", "arguments", "{}")));
        tools.put("tool_calls", calls);
        Map<String, Object> both = new LinkedHashMap<>(refusal);
        both.put("content", "the content wins");
        List<String> bodies = List.of(completion(refusal), completion(tools), completion(both));
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(bodies.get(serverIndex(r))))) {
            try (Provider p = chat(server, Map.of())) {
                assertEquals(
                        "I can't help with that.",
                        p.call("0", CallContext.EMPTY).output());
                assertEquals(calls, p.call("1", CallContext.EMPTY).output());
                assertEquals("the content wins", p.call("2", CallContext.EMPTY).output());
            }
        }
    }

    @Test
    void aJsonResponseFormatParsesTheAnswerAndKeepsTextThatIsNotJson() throws Exception {
        List<String> bodies = List.of(answering("{\"pass\":true}"), answering("not json at all"));
        try (LoopbackHttp server = LoopbackHttp.serve(r -> LoopbackHttp.ok(bodies.get(serverIndex(r))))) {
            Map<String, Object> schema = Map.of("response_format", Map.of("type", "json_schema"));
            try (Provider p = chat(server, schema)) {
                assertEquals(
                        Map.of("pass", true), p.call("0", CallContext.EMPTY).output());
                assertEquals("not json at all", p.call("1", CallContext.EMPTY).output());
            }
            try (Provider p = chat(server, Map.of("response_format", Map.of("type", "json_object")))) {
                assertEquals(
                        Map.of("pass", true), p.call("0", CallContext.EMPTY).output());
            }
            // text format (or none): the answer stays text
            try (Provider p = chat(server, Map.of("response_format", Map.of("type", "text")))) {
                assertEquals("{\"pass\":true}", p.call("0", CallContext.EMPTY).output());
            }
            try (Provider p = chat(server, Map.of())) {
                assertEquals("{\"pass\":true}", p.call("0", CallContext.EMPTY).output());
            }
            assertEquals(
                    Map.of("type", "json_schema"),
                    body(server.requests().get(0)).get("response_format"));
        }
    }

    @Test
    void rateLimitsAndServerErrorsThrowTransientFailuresWithTheirStatus() throws Exception {
        Map<Integer, LoopbackHttp.Answer> answers = Map.of(
                0,
                new LoopbackHttp.Answer(
                        429, Json.stringify(Map.of("error", Map.of("message", "Rate limit reached for " + KEY)))),
                1,
                new LoopbackHttp.Answer(500, "upstream broke"),
                2,
                new LoopbackHttp.Answer(503, Json.stringify(Map.of("error", "overloaded"))));
        try (LoopbackHttp server = LoopbackHttp.serve(r -> answers.get(serverIndex(r)))) {
            try (Provider p = chat(server, Map.of())) {
                ProviderException limited = assertThrows(ProviderException.class, () -> p.call("0", CallContext.EMPTY));
                assertEquals("API error: 429 Rate limit reached for [REDACTED]", limited.getMessage());
                assertEquals(ProviderException.Kind.CONNECTION, limited.kind());
                assertTrue(limited.isTransient());
                assertEquals(429, limited.httpStatus().orElseThrow());
                assertEquals("HTTP 429", limited.code().orElseThrow());
                assertEquals(1, limited.timings().orElseThrow().framesReceived());
                ProviderException broke = assertThrows(ProviderException.class, () -> p.call("1", CallContext.EMPTY));
                assertEquals("API error: 500 upstream broke", broke.getMessage());
                assertEquals(500, broke.httpStatus().orElseThrow());
                assertTrue(broke.isTransient());
                // an error that is not an object: the body as it is
                ProviderException overloaded =
                        assertThrows(ProviderException.class, () -> p.call("2", CallContext.EMPTY));
                assertEquals("API error: 503 {\"error\":\"overloaded\"}", overloaded.getMessage());
            }
        }
    }

    @Test
    void clientErrorsResolveAsErrorResponsesCutAt300Characters() throws Exception {
        String exactly300 = "e".repeat(300);
        String longer = "f".repeat(299) + "gh";
        Map<Integer, LoopbackHttp.Answer> answers = Map.of(
                0,
                new LoopbackHttp.Answer(
                        400, Json.stringify(Map.of("error", Map.of("message", "Invalid 'temperature'", "code", "x")))),
                1,
                new LoopbackHttp.Answer(404, exactly300),
                2,
                new LoopbackHttp.Answer(499, longer));
        try (LoopbackHttp server = LoopbackHttp.serve(r -> answers.get(serverIndex(r)))) {
            try (Provider p = chat(server, Map.of())) {
                ProviderResponse bad = p.call("0", CallContext.EMPTY);
                assertEquals("API error: 400 Invalid 'temperature'", bad.error().orElseThrow());
                assertNull(bad.output());
                assertEquals(1, bad.timings().framesReceived());
                assertEquals(
                        "API error: 404 " + exactly300,
                        p.call("1", CallContext.EMPTY).error().orElseThrow());
                assertEquals(
                        "API error: 499 " + "f".repeat(299) + "g…",
                        p.call("2", CallContext.EMPTY).error().orElseThrow());
            }
        }
    }

    @Test
    void anAnswerThatIsNotJsonOrHasNoChoicesNamesWhatCameBack() throws Exception {
        Map<Integer, LoopbackHttp.Answer> answers = Map.of(
                0, LoopbackHttp.ok("<html>gateway says " + KEY + "</html>"),
                1, LoopbackHttp.ok("{\"choices\":[]}"),
                2, LoopbackHttp.ok("{\"id\":\"chatcmpl-1\"}"),
                3, LoopbackHttp.ok("[1]"),
                4, LoopbackHttp.ok("{\"choices\":[\"odd\"]}"));
        try (LoopbackHttp server = LoopbackHttp.serve(r -> answers.get(serverIndex(r)))) {
            try (Provider p = chat(server, Map.of())) {
                ProviderException html = assertThrows(ProviderException.class, () -> p.call("0", CallContext.EMPTY));
                assertEquals(ProviderException.Kind.RESPONSE, html.kind());
                assertEquals(
                        "the Chat Completions endpoint did not answer JSON: <html>gateway says [REDACTED]</html>",
                        html.getMessage());
                assertEquals(
                        "API error: the response has no choices: {\"choices\":[]}",
                        p.call("1", CallContext.EMPTY).error().orElseThrow());
                assertEquals(
                        "API error: the response has no choices: {\"id\":\"chatcmpl-1\"}",
                        p.call("2", CallContext.EMPTY).error().orElseThrow());
                assertEquals(
                        "API error: the response has no choices: [1]",
                        p.call("3", CallContext.EMPTY).error().orElseThrow());
                // a choice that is not an object has no message: no output, and no error either
                ProviderResponse odd = p.call("4", CallContext.EMPTY);
                assertTrue(odd.error().isEmpty());
                assertNull(odd.output());
            }
        }
    }

    @Test
    void timeoutMsAndTheCallsDeadlineBoundTheRequest() throws Exception {
        try (LoopbackHttp server = LoopbackHttp.serve(r -> new LoopbackHttp.Hold())) {
            try (Provider p = chat(server, Map.of("timeoutMs", 300))) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
                assertEquals("Request timed out after 300 ms", e.getMessage());
                assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
                assertTrue(e.isTransient());
                assertEquals("ETIMEDOUT", e.code().orElseThrow());
                // the call's deadline, when sooner, is the limit
                CallContext soon = CallContext.builder()
                        .deadline(Instant.now().plusMillis(250))
                        .build();
                ProviderException d = assertThrows(ProviderException.class, () -> p.call("hi", soon));
                String ms = d.getMessage().replaceAll("\\D", "");
                assertTrue(
                        d.getMessage().matches("Request timed out after \\d+ ms") && Long.parseLong(ms) <= 250,
                        d.getMessage());
            }
            // no timeoutMs (5 minutes by default): the deadline alone ends the wait
            try (Provider p = chat(server, Map.of("timeoutMs", 0))) {
                CallContext soon = CallContext.builder()
                        .deadline(Instant.now().plusMillis(250))
                        .build();
                ProviderException d = assertThrows(ProviderException.class, () -> p.call("hi", soon));
                assertEquals(ProviderException.Kind.TIMEOUT, d.kind());
            }
            int sent = server.requests().size();
            try (Provider p = chat(server, Map.of())) {
                CallContext past = CallContext.builder()
                        .deadline(Instant.now().minusMillis(1))
                        .build();
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", past));
                assertEquals("Request timed out before it was sent", e.getMessage());
                assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
            }
            assertEquals(sent, server.requests().size());
        }
    }

    @Test
    void aDroppedConnectionIsATransientResetAndARefusedOneNamesTheEndpoint() throws Exception {
        try (LoopbackHttp server = LoopbackHttp.serve(r -> new LoopbackHttp.Drop())) {
            try (Provider p = chat(server, Map.of())) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
                assertEquals(ProviderException.Kind.CONNECTION, e.kind());
                assertTrue(e.getMessage().startsWith("Chat Completions request failed: "), e.getMessage());
                assertTrue(e.isTransient());
                assertEquals("ECONNRESET", e.code().orElseThrow());
                assertFalse(e.getMessage().contains(KEY));
            }
        }
        // ws(s):// base URLs are read as http(s)://; nothing listens on port 1
        for (String base : List.of("ws://127.0.0.1:1/v1/", "WSS://127.0.0.1:1/v1")) {
            try (Provider p = create("openai:chat:gpt-4o-mini", Map.of("apiBaseUrl", base, "apiKey", KEY), Map.of())) {
                ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
                String scheme = base.startsWith("ws:") ? "http" : "https";
                assertEquals(
                        "Connection refused by the Chat Completions endpoint " + scheme
                                + "://127.0.0.1:1/v1/chat/completions",
                        e.getMessage());
                assertEquals("ECONNREFUSED", e.code().orElseThrow());
                assertTrue(e.isTransient());
            }
        }
    }

    @Test
    void aBaseUrlThatIsNotHttpWithAHostIsAConfigErrorNamingTheKey() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", KEY);
        ConfigException ftp = assertThrows(
                ConfigException.class,
                () -> create("openai:chat:gpt-4o-mini", Map.of("apiBaseUrl", "ftp://files.example/v1"), env));
        assertEquals(
                "apiBaseUrl: the API base URL must be an http(s):// URL with a host, got ftp://files.example/v1",
                ftp.getMessage());
        ConfigException noHost = assertThrows(
                ConfigException.class,
                () -> create("openai:chat:gpt-4o-mini", Map.of("apiBaseUrl", "http:///v1"), env));
        assertEquals(
                "apiBaseUrl: the API base URL must be an http(s):// URL with a host, got http:///v1",
                noHost.getMessage());
        ConfigException relative = assertThrows(
                ConfigException.class, () -> create("openai:chat:gpt-4o-mini", Map.of("apiBaseUrl", "/v1"), env));
        assertTrue(relative.getMessage().startsWith("apiBaseUrl: the API base URL must be"), relative.getMessage());
        ConfigException invalid = assertThrows(
                ConfigException.class,
                () -> create("openai:chat:gpt-4o-mini", Map.of("apiBaseUrl", "http://bad host/v1"), env));
        assertEquals("apiBaseUrl: the API base URL is not a valid URL: http://bad host/v1", invalid.getMessage());
    }
}
