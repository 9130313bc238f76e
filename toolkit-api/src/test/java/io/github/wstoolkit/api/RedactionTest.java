package io.github.wstoolkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets stay out of ids, errors and files: which names are secret, and what replaces their values. */
class RedactionTest {

    @Test
    void credentialLikeQueryParametersAreSecret() {
        for (String name : List.of(
                "token",
                "KEY",
                "api_key",
                "api-key",
                "access_token",
                "auth",
                "client_secret",
                "pwd",
                "sig",
                "code",
                "session",
                "jwt",
                "x-amz-signature",
                "refreshToken",
                "masterKey",
                "dbPassword",
                "appSecret")) {
            assertTrue(Redaction.isSecretParameter(name), name);
        }
        for (String name : List.of("model", "x", "keys", "tokens_used", "author", "limit")) {
            assertFalse(Redaction.isSecretParameter(name), name);
        }
    }

    @Test
    void credentialHeadersAreSecret() {
        for (String name : List.of(
                "Authorization",
                "proxy-authorization",
                "Cookie",
                "X-Api-Key",
                "X-Auth-Token",
                "Client-Secret",
                "OAuth")) {
            assertTrue(Redaction.isSecretHeader(name), name);
        }
        for (String name : List.of("Content-Type", "User-Agent", "Accept", "Cookies")) {
            assertFalse(Redaction.isSecretHeader(name), name);
        }
    }

    @Test
    void urlsKeepEverythingButSecretQueryValues() {
        assertEquals(
                "ws://h/s/{{ id }}?token=%5BREDACTED%5D&x=1", Redaction.redactUrl("ws://h/s/{{ id }}?token=abc&x=1"));
        assertEquals(
                "wss://h/p?model=m&api_key=%5BREDACTED%5D;sig=%5BREDACTED%5D#frag",
                Redaction.redactUrl("wss://h/p?model=m&api_key=k1;sig=s2#frag"));
        assertEquals("wss://h/p?token=&x=1", Redaction.redactUrl("wss://h/p?token=&x=1"), "nothing to hide");
        assertEquals("wss://h/key=abc/p", Redaction.redactUrl("wss://h/key=abc/p"), "no query, nothing changes");
        assertEquals(
                "wss://h/;key=abc/p?x=1&key=%5BREDACTED%5D",
                Redaction.redactUrl("wss://h/;key=abc/p?x=1&key=abc"), "only the query is read");
    }

    @Test
    void headersKeepTheirNamesAndOrderWithSecretValuesReplaced() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer sk-1");
        headers.put("X-Api-Key", "k");
        Map<String, String> out = Redaction.redactHeaders(headers);
        assertEquals(List.of("Content-Type", "Authorization", "X-Api-Key"), List.copyOf(out.keySet()));
        assertEquals(List.of("application/json", "[REDACTED]", "[REDACTED]"), List.copyOf(out.values()));
    }

    @Test
    void scrubReplacesEverySecretOfFourCharactersOrMore() {
        assertEquals(
                "key [REDACTED] and [REDACTED] again [REDACTED], abc stays",
                Redaction.scrub(
                        "key sk-12345 and hunter2 again sk-12345, abc stays",
                        Arrays.asList("sk-12345", "hunter2", "abc", null)));
        assertEquals("abcd -> [REDACTED]", Redaction.scrub("abcd -> wxyz", List.of("wxyz")));
    }

    @Test
    void scrubReplacesTheLongestSecretFirst() {
        // a query value that is also part of the API key: replaced first, it would leave "sk-" and "-9f2" in the text
        assertEquals(
                "rejected [REDACTED] for tenant [REDACTED]",
                Redaction.scrub(
                        "rejected sk-live-abcd-9f2 for tenant live-abcd", List.of("live-abcd", "sk-live-abcd-9f2")));
        // already longest first (what a caller that scrubs many texts keeps), with nulls and short ones among them
        assertEquals(
                "rejected [REDACTED] for tenant [REDACTED], ab stays",
                Redaction.scrub(
                        "rejected sk-live-abcd-9f2 for tenant live-abcd, ab stays",
                        Arrays.asList("sk-live-abcd-9f2", null, "ab", "live-abcd")));
        assertEquals(
                "rejected [REDACTED] for tenant [REDACTED]",
                Redaction.scrub(
                        "rejected sk-live-abcd-9f2 for tenant live-abcd",
                        Arrays.asList(null, "live-abcd", "abc", "sk-live-abcd-9f2")));
    }

    @Test
    void aRedactedExceptionAndRedactRemoveSecretsOfThreeCharactersOrMoreLongestFirst() {
        List<String> secrets = Arrays.asList("live-abcd", null, "xyz", "ab", "sk-live-abcd-9f2");
        String text = "rejected sk-live-abcd-9f2 for tenant live-abcd (xyz, ab)";
        String expected = "rejected [REDACTED] for tenant [REDACTED] ([REDACTED], ab)";
        assertEquals(expected, RedactedException.redact(text, secrets));
        RedactedException e = RedactedException.of(
                new IllegalStateException(text, new java.io.IOException("cause: live-abcd")), secrets);
        assertEquals(expected, e.getMessage());
        assertEquals("java.lang.IllegalStateException", e.originalClass());
        assertEquals("cause: [REDACTED]", e.getCause().getMessage());
    }
}
