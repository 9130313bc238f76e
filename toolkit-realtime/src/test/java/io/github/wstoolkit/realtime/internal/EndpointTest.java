package io.github.wstoolkit.realtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URLs and handshake headers as promptfoo builds them (api base URLs, keys, organization) and model checks. */
class EndpointTest {

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Endpoint resolve(Map<String, Object> config) throws ProviderException {
        return Endpoint.resolve(config, Map.of(), Map.of(), "gpt-realtime-1.5");
    }

    @Test
    void defaultUrlAndHeadersForApiOpenAiCom() throws Exception {
        Endpoint e = resolve(config("apiKey", "sk-test-1234"));
        assertEquals(
                "wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5",
                e.uri().toString());
        assertEquals(
                List.of("Authorization", "User-Agent", "Origin", "X-OpenAI-Originator"),
                List.copyOf(e.headers().keySet()));
        assertEquals("Bearer sk-test-1234", e.headers().get("Authorization"));
        assertEquals("https://api.openai.com", e.headers().get("Origin"));
        assertEquals("wstoolkit", e.headers().get("X-OpenAI-Originator"));
        assertFalse(e.headerKey().containsKey("openai-beta"));
        assertTrue(e.secrets().contains("sk-test-1234"));
    }

    @Test
    void customHttpsBaseBecomesWssWithItsOrigin() throws Exception {
        Endpoint e = resolve(config("apiKey", "k-1234", "apiBaseUrl", "https://my-custom-api.com/v1/"));
        assertEquals(
                "wss://my-custom-api.com/v1/realtime?model=gpt-realtime-1.5",
                e.uri().toString());
        assertEquals("https://my-custom-api.com", e.headers().get("Origin"));
        assertFalse(e.headers().containsKey("X-OpenAI-Originator"));
    }

    @Test
    void httpBaseBecomesWsWithAnHttpOrigin() throws Exception {
        Endpoint e = resolve(config("apiKey", "k-1234", "apiBaseUrl", "http://localhost:8080/v1"));
        assertEquals(
                "ws://localhost:8080/v1/realtime?model=gpt-realtime-1.5",
                e.uri().toString());
        assertEquals("http://localhost:8080", e.headers().get("Origin"));
    }

    @Test
    void gatewayQueryCredentialsAreKeptBeforeTheModel() {
        assertEquals(
                "wss://gateway.example/v1/realtime?api_key=tenant-secret&model=gpt-realtime-2.1",
                Endpoint.realtimeUri("https://gateway.example/v1?api_key=tenant-secret", "gpt-realtime-2.1")
                        .toString());
    }

    @Test
    void clientSecretUrlsKeepTheGatewayQuery() {
        assertEquals(
                "wss://my-custom-api.com/v1/realtime/socket?client_secret=secret123",
                Endpoint.clientSecretUri("https://my-custom-api.com/v1", "secret123")
                        .toString());
        assertEquals(
                "wss://gateway.example/v1/realtime/socket?api_key=tenant-secret&client_secret=ek_a%2Bb",
                Endpoint.clientSecretUri("https://gateway.example/v1?api_key=tenant-secret", "ek_a+b")
                        .toString());
    }

    @Test
    void baseUrlComesFromConfigThenHostThenEnvironment() {
        assertEquals("https://h.example/v1", Endpoint.apiBaseUrl(config("apiHost", "h.example"), Map.of()));
        assertEquals(
                "https://a.example/v1",
                Endpoint.apiBaseUrl(
                        config(), Map.of("OPENAI_API_BASE_URL", "https://a.example/v1", "OPENAI_BASE_URL", "x")));
        assertEquals(
                "https://b.example/v1",
                Endpoint.apiBaseUrl(config(), Map.of("OPENAI_BASE_URL", "https://b.example/v1")));
        assertEquals("https://c.example/v1", Endpoint.apiBaseUrl(config(), Map.of("OPENAI_API_HOST", "c.example")));
        assertEquals(Endpoint.DEFAULT_API_BASE_URL, Endpoint.apiBaseUrl(config(), Map.of()));
        assertEquals(
                "http://127.0.0.1:9/v1",
                Endpoint.apiBaseUrl(
                        config("apiBaseUrl", "{{ env.WST_MOCK_URL }}/v1"),
                        Map.of("WST_MOCK_URL", "http://127.0.0.1:9")));
    }

    @Test
    void missingKeyFailsWithPromptfoosMessage() {
        ProviderException e = assertThrows(ProviderException.class, () -> resolve(config()));
        assertEquals(ProviderException.Kind.CONFIG, e.kind());
        assertEquals(
                "API key is not set. Set the OPENAI_API_KEY environment variable or add `apiKey` to the provider config.",
                e.getMessage());
        ProviderException custom =
                assertThrows(ProviderException.class, () -> resolve(config("apiKeyEnvar", "MY_REALTIME_KEY")));
        assertEquals(
                "API key is not set. Set the MY_REALTIME_KEY environment variable or add `apiKey` to the provider config.",
                custom.getMessage());
    }

    @Test
    void keyIsReadFromTheNamedVariableOrOpenAiApiKey() throws Exception {
        Endpoint named =
                Endpoint.resolve(config("apiKeyEnvar", "MY_KEY"), Map.of(), Map.of("MY_KEY", "from-my-key"), "m");
        assertEquals("Bearer from-my-key", named.headers().get("Authorization"));
        Endpoint dflt = Endpoint.resolve(config(), Map.of(), Map.of("OPENAI_API_KEY", "from-env"), "m");
        assertEquals("Bearer from-env", dflt.headers().get("Authorization"));
    }

    @Test
    void azureApiKeyHeaderReplacesAuthorization() throws Exception {
        Endpoint e = resolve(config(
                "apiBaseUrl", "https://my-resource.openai.azure.com/openai",
                "apiKey", "sk-should-not-be-sent",
                "headers", Map.of("api-key", "azure-key", "Authorization", "Bearer user-one")));
        assertFalse(e.headerKey().containsKey("authorization"));
        assertEquals("azure-key", e.headers().get("api-key"));
        // no OpenAI key is needed at all then
        Endpoint noKey = resolve(config(
                "apiBaseUrl",
                "https://my-resource.openai.azure.com/openai",
                "headers",
                Map.of("api-key", "azure-key")));
        assertFalse(noKey.headerKey().containsKey("authorization"));
    }

    @Test
    void gatewayApiKeyHeaderKeepsTheBearerToo() throws Exception {
        Endpoint e = resolve(config(
                "apiBaseUrl", "https://gateway.example/v1", "apiKey", "sk-1234", "headers", Map.of("api-key", "gw")));
        assertEquals("Bearer sk-1234", e.headers().get("Authorization"));
        assertEquals("gw", e.headers().get("api-key"));
        Endpoint forced = resolve(config(
                "apiBaseUrl",
                "https://gateway.example/v1",
                "apiKey",
                "sk-1234",
                "azureApiKeyAuth",
                true,
                "headers",
                Map.of("api-key", "gw")));
        assertFalse(forced.headerKey().containsKey("authorization"));
    }

    @Test
    void safetyIdentifierHeaderIsSetUnsetOrOverridden() throws Exception {
        assertEquals(
                "user-42",
                resolve(config("apiKey", "k-1234", "safety_identifier", "user-42"))
                        .headers()
                        .get("OpenAI-Safety-Identifier"));
        assertFalse(resolve(config("apiKey", "k-1234")).headerKey().containsKey("openai-safety-identifier"));
        Endpoint overridden = resolve(config(
                "apiKey", "k-1234",
                "safety_identifier", "user-42",
                "headers", Map.of("openai-safety-identifier", "from-header")));
        assertEquals("from-header", overridden.headerKey().get("openai-safety-identifier"));
        Endpoint perPrompt = Endpoint.resolve(
                config("apiKey", "k-1234", "safety_identifier", "user-42"),
                Map.of("safety_identifier", "prompt-7"),
                Map.of(),
                "m");
        assertEquals("prompt-7", perPrompt.headers().get("OpenAI-Safety-Identifier"));
    }

    @Test
    void userHeadersWinCaseInsensitivelyAndPromptHeadersWinOverThem() throws Exception {
        Endpoint e = Endpoint.resolve(
                config("apiKey", "k-1234", "headers", Map.of("user-agent", "mine/1", "X-Team", "a")),
                Map.of("headers", Map.of("x-team", "b")),
                Map.of(),
                "m");
        assertEquals("mine/1", e.headerKey().get("user-agent"));
        assertEquals("b", e.headerKey().get("x-team"));
        assertEquals(
                1,
                e.headers().keySet().stream()
                        .filter(k -> k.equalsIgnoreCase("user-agent"))
                        .count());
    }

    @Test
    void organizationHeaderFromConfig() throws Exception {
        assertEquals(
                "org-1",
                resolve(config("apiKey", "k-1234", "organization", "org-1"))
                        .headers()
                        .get("OpenAI-Organization"));
    }

    @Test
    void nonConversationalModelsAreRejectedOnApiOpenAiCom() {
        assertEquals(
                "OpenAI gpt-realtime-whisper is not a conversational Realtime model and cannot be used as"
                        + " openai:realtime:gpt-realtime-whisper. Pass it as input_audio_transcription.model inside a"
                        + " conversational session instead.",
                assertThrows(ConfigException.class, () -> Models.validate("gpt-realtime-whisper", true))
                        .getMessage());
        for (String m : List.of(
                "gpt-realtime-translate", "gpt-transcribe", "gpt-live-transcribe", "gpt-live-transcribe-2026-09-01")) {
            String msg = assertThrows(ConfigException.class, () -> Models.validate(m, true))
                    .getMessage();
            assertTrue(msg.contains("not a conversational Realtime model"), msg);
        }
        assertTrue(assertThrows(ConfigException.class, () -> Models.validate("gpt-transcribe", true))
                .getMessage()
                .contains("separate Realtime session endpoint"));
        assertTrue(assertThrows(ConfigException.class, () -> Models.validate("gpt-5.3-codex-spark", true))
                .getMessage()
                .contains("only available through openai:codex-sdk"));
        assertTrue(assertThrows(ConfigException.class, () -> Models.validate("gpt-realtime-mini-2025-10-06", true))
                .getMessage()
                .contains("has been retired"));
    }

    @Test
    void gatewaysMayUseAnyModelName() {
        Models.validate("gpt-transcribe", false);
        Models.validate("gpt-live-transcribe", false);
        Models.validate("my-own-model", true);
    }
}
