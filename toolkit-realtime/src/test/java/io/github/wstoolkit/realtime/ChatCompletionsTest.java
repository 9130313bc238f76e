package io.github.wstoolkit.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.mockserver.MockServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code openai:chat:<model>} (Chat Completions over java.net.http) against the mock server's
 * {@code /v1/chat/completions}: keys and base URLs resolved as the Realtime provider resolves them, structured
 * grading that passes or fails, errors without the key.
 */
class ChatCompletionsTest {

    private static final String KEY = "sk-test-chat-0123456789abcdef";

    private static Provider create(String id, Map<String, Object> config, Map<String, String> env) {
        return ProviderRegistry.load()
                .create(new ProviderSpec(
                        id, Optional.empty(), config, Path.of("").toAbsolutePath(), env));
    }

    @Test
    void idsAreReadAsPromptfooReadsThemAndRealtimeIdsStayRealtime() {
        ProviderRegistry r = ProviderRegistry.load();
        assertEquals(
                "openai:chat:<model>",
                r.factoryFor("openai:chat:gpt-4o-mini").orElseThrow().describe());
        assertEquals(
                "openai:chat:<model>",
                r.factoryFor("openai:gpt-4o-mini").orElseThrow().describe());
        assertEquals(
                "openai:realtime:<model>",
                r.factoryFor("openai:gpt-realtime").orElseThrow().describe());
        assertTrue(r.factoryFor("openai:embedding:text-embedding-3-small").isEmpty());
    }

    @Test
    void aMissingKeyFailsWhenTheProviderIsCreatedWithPromptfoosMessage() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> create("openai:chat:gpt-4o-mini", Map.of("apiKeyEnvar", "MY_KEY"), Map.of("OPENAI_API_KEY", "")));
        assertEquals(
                "apiKey: API key is not set. Set the MY_KEY environment variable or add `apiKey` to the provider"
                        + " config.",
                e.getMessage());
    }

    @Test
    void chatsAndGradesWithStructuredOutputAgainstTheMock() throws Exception {
        try (MockServer mock = MockServer.start()) {
            Map<String, String> env =
                    Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", "http://127.0.0.1:" + mock.port() + "/v1");
            try (Provider chat = create("openai:chat:gpt-4o-mini", Map.of("temperature", 0), env)) {
                ProviderResponse r = chat.call("Hello there", CallContext.EMPTY);
                assertEquals("Hello! How can I help you today?", r.output());
                assertEquals(1, r.tokenUsage().orElseThrow().numRequests());
                ProviderResponse messages = chat.call(
                        "[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"ping\"}]",
                        CallContext.EMPTY);
                assertEquals("You said: ping", messages.output());
            }
            Map<String, Object> json = Map.of("response_format", Map.of("type", "json_object"));
            try (Provider grader = create("openai:chat:gpt-4o-mini", json, env)) {
                String pass = "<Output>\nOur refund policy lasts 30 days\n</Output>\n<Rubric>\nMentions 'refund'\n"
                        + "</Rubric>";
                Map<?, ?> ok = (Map<?, ?>) grader.call(pass, CallContext.EMPTY).output();
                assertEquals("The output mentions 'refund'", ok.get("reason"));
                assertEquals(true, ok.get("pass"));
                assertEquals(1.0, ((Number) ok.get("score")).doubleValue());
                String fail = "<Output>\nHello\n</Output>\n<Rubric>\nExplains the refund policy\n</Rubric>";
                Object verdict = grader.call(fail, CallContext.EMPTY).output();
                assertEquals(false, ((Map<?, ?>) verdict).get("pass"), verdict.toString());
                assertEquals(0.0, ((Number) ((Map<?, ?>) verdict).get("score")).doubleValue());
                String negated = "<Output>\nHello\n</Output>\n<Rubric>\nDoes not mention 'refund'\n</Rubric>";
                assertEquals(
                        true,
                        ((Map<?, ?>) grader.call(negated, CallContext.EMPTY).output()).get("pass"));
            }
        }
    }

    @Test
    void anUnauthorisedCallResolvesWithTheApiErrorAndNoKey() throws Exception {
        try (MockServer mock = MockServer.start()) {
            // the mock wants "Bearer <token>": a header that is not one is refused
            Map<String, Object> config = Map.of(
                    "apiBaseUrl", "http://127.0.0.1:" + mock.port() + "/v1", "headers", Map.of("Authorization", KEY));
            try (Provider chat = create("openai:chat:gpt-4o-mini", config, Map.of("OPENAI_API_KEY", KEY))) {
                ProviderResponse r = chat.call("hi", CallContext.EMPTY);
                assertTrue(
                        r.error().orElseThrow().startsWith("API error: 401 You didn't provide an API key"),
                        r.error().toString());
                assertFalse(r.error().get().contains(KEY));
            }
            // nothing listens there: a transient connection failure (the engine retries it), no key in the message
            Map<String, Object> closed = Map.of("apiBaseUrl", "http://127.0.0.1:1/v1", "apiKey", KEY);
            try (Provider chat = create("openai:chat", closed, Map.of())) {
                ProviderException e = assertThrows(ProviderException.class, () -> chat.call("hi", CallContext.EMPTY));
                assertTrue(e.isTransient());
                assertFalse(e.getMessage().contains(KEY));
            }
        }
    }
}
