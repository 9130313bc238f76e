package io.github.wstoolkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wstoolkit.eval.EvalConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The secret values {@link Secrets#of} finds in a config's text, wherever they are written. */
class SecretsTest {

    private static Set<String> of(Map<String, Object> raw) {
        return Secrets.of(Map.of(), EvalConfig.builder().raw(raw).build());
    }

    @Test
    void bearerTokensAreFoundInAnyCaseAndAnywhereInAString() {
        assertEquals(
                Set.of("tok-aaaa-1111", "tok-bbbb-2222", "tok-cccc-3333"),
                of(Map.of(
                        "tests",
                        List.of(
                                Map.of("vars", Map.of("note", "send Bearer tok-aaaa-1111 please")),
                                Map.of("vars", Map.of("h", "BEARER tok-bbbb-2222")),
                                Map.of("vars", Map.of("h", "x-bEaReR   tok-cccc-3333"))))));
    }

    @Test
    void credentialQueryValuesAreFoundAndOtherQueryValuesAreNot() {
        assertEquals(
                Set.of("qqqq-secret-1", "zzzz-secret-2"),
                of(Map.of(
                        "providers",
                        List.of(
                                Map.of("id", "wss://h/x?model=gpt&api_key=qqqq-secret-1"),
                                Map.of("id", "=weird?access_token=zzzz-secret-2&page=123456789")))));
    }

    @Test
    void stringsWithoutEitherFormGiveNothing() {
        assertEquals(
                Set.of(), of(Map.of("tests", List.of(Map.of("vars", Map.of("q", "bear with me, a = b, or beer"))))));
    }

    @Test
    void valuesUnderSecretKeysAndTemplatesStayAsBefore() {
        assertEquals(
                Set.of("sk-live-123456"),
                of(Map.of(
                        "providers",
                        List.of(Map.of("config", Map.of("apiKey", "sk-live-123456", "token", "{{ env.TOKEN }}"))))));
    }
}
