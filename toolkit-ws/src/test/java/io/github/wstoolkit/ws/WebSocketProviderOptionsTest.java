package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider's options as a user meets them: what the builder and the config refuse (and how the message reads),
 * promptfoo's default {@code transformStream}, the URL a rendered var makes, and the names a provider shows.
 */
class WebSocketProviderOptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

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
                // a counter per connection: "turn N: message"
                .handler("/counted", new MockHandler() {
                    @Override
                    public void onMessage(MockConnection c, String text) {
                        int n = (int) c.attributes().merge("n", 1, (a, b) -> (int) a + (int) b);
                        c.sendText(text.equals("fail") ? "{\"error\":\"failed turn\"}" : "turn " + n + ": " + text);
                    }
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    private static Provider provider(String id, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageTemplate", "{{ prompt }}");
        m.put("timeoutMs", 10_000);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ProviderRegistry.load().create(ProviderSpec.of(id, m));
    }

    private static JournalEntry lastConnection(String path) throws Exception {
        List<JournalEntry> j = server.awaitJournal(
                l -> l.stream().anyMatch(e -> e.path().equals(path) && e.close().isPresent()), WAIT);
        return j.stream().filter(e -> e.path().equals(path)).reduce((a, b) -> b).orElseThrow();
    }

    // ------------------------------------------------------------------ what the builder refuses

    @Test
    void builderRefusesDurationsAndSizesThatAreNotPositive() {
        WebSocketProvider.Builder b = WebSocketProvider.builder();
        assertEquals(
                "timeout must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO))
                        .getMessage());
        assertEquals(
                "timeout must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ofMillis(-1)))
                        .getMessage());
        assertEquals(
                "idleTimeout must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.idleTimeout(Duration.ZERO))
                        .getMessage());
        assertEquals(
                "idleTimeout must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.idleTimeout(Duration.ofMillis(-5)))
                        .getMessage());
        assertEquals(
                "connectTimeout must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO))
                        .getMessage());
        assertEquals(
                "connectTimeout must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ofSeconds(-1)))
                        .getMessage());
        assertEquals(
                "maxMessageSize must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.maxMessageSize(0))
                        .getMessage());
        assertEquals(
                "maxMessageSize must be positive",
                assertThrows(IllegalArgumentException.class, () -> b.maxMessageSize(-1))
                        .getMessage());
        // the smallest values are taken, and no idle timeout is the default
        b.timeout(Duration.ofNanos(1))
                .idleTimeout(Duration.ofNanos(1))
                .idleTimeout(null)
                .connectTimeout(Duration.ofNanos(1))
                .maxMessageSize(1);
    }

    @Test
    void configRefusesNonPositiveLimitsNamingTheKey() {
        ConfigException idle = assertThrows(ConfigException.class, () -> provider(url("/lines"), "idleTimeoutMs", 0));
        assertEquals(Optional.of("config.idleTimeoutMs"), idle.key());
        assertEquals("config.idleTimeoutMs: must be a positive number, got '0'", idle.getMessage());
        ConfigException connect =
                assertThrows(ConfigException.class, () -> provider(url("/lines"), "connectTimeoutMs", -3));
        assertEquals("config.connectTimeoutMs: must be a positive number, got '-3'", connect.getMessage());
        ConfigException size =
                assertThrows(ConfigException.class, () -> provider(url("/lines"), "maxMessageSize", "big"));
        assertEquals("config.maxMessageSize: must be a positive number, got 'big'", size.getMessage());
        ConfigException negative = assertThrows(ConfigException.class, () -> provider(url("/lines"), "timeoutMs", -1));
        assertEquals("config.timeoutMs: must not be negative, got -1", negative.getMessage());
    }

    @Test
    void aProviderWithoutUrlOrMessageTemplateSaysWhichOneIsMissing() {
        ConfigException noUrl = assertThrows(ConfigException.class, () -> WebSocketProvider.builder()
                .messageTemplate("{{ prompt }}")
                .build());
        assertEquals("the WebSocket provider needs a url (or a ws:// / wss:// id)", noUrl.getMessage());
        ConfigException emptyUrl = assertThrows(ConfigException.class, () -> WebSocketProvider.builder()
                .url("")
                .messageTemplate("{{ prompt }}")
                .build());
        assertEquals(noUrl.getMessage(), emptyUrl.getMessage());

        // labelled: the label and the redacted url; an empty config has no options
        ConfigException labelled = assertThrows(ConfigException.class, () -> ProviderRegistry.load()
                .create(new ProviderSpec(
                        "ws://h/x?token=runtime-secret",
                        Optional.of("staging bot"),
                        Map.of(),
                        java.nio.file.Path.of("."),
                        Map.of())));
        assertEquals(
                "config.messageTemplate: the WebSocket provider 'staging bot' (ws://h/x?token=%5BREDACTED%5D) needs"
                        + " 'messageTemplate', the message it sends for each prompt (for example messageTemplate:"
                        + " '{\"input\": {{ prompt | dump }}}'); its config has no options",
                labelled.getMessage());
        // a label that is the id itself is not repeated; an empty message template is missing too
        ConfigException sameLabel = assertThrows(ConfigException.class, () -> WebSocketProvider.builder()
                .url("ws://h/x")
                .label("ws://h/x")
                .messageTemplate("")
                .build());
        assertEquals(
                "config.messageTemplate: the WebSocket provider ws://h/x needs 'messageTemplate', the message it"
                        + " sends for each prompt (for example messageTemplate: '{\"input\": {{ prompt | dump }}}');"
                        + " its config has no options",
                sameLabel.getMessage());
    }

    // ------------------------------------------------------------------ names

    @Test
    void labelIsShownInsteadOfTheIdWhenGiven() {
        try (WebSocketProvider plain = WebSocketProvider.builder()
                        .url("ws://h/x")
                        .messageTemplate("{{ prompt }}")
                        .build();
                WebSocketProvider labelled = WebSocketProvider.builder()
                        .url("ws://h/x")
                        .id("websocket://h/other")
                        .label("staging bot")
                        .messageTemplate("{{ prompt }}")
                        .build()) {
            assertEquals("ws://h/x", plain.label());
            assertEquals("staging bot", labelled.label());
            // the id given wins over the url, with promptfoo's websocket:// scheme read as ws://
            assertEquals("ws://h/other", labelled.id());
        }
        assertEquals("ws://h:8080/x", provider("WebSocket://h:8080/x").id());
    }

    // ------------------------------------------------------------------ transformStream: default

    private static Object defaultStream(Object transformStream, String... frames) throws Exception {
        Provider p = provider(url("/lines"), "transformStream", transformStream);
        return p.call(String.join("\n", frames), CallContext.EMPTY).output();
    }

    @Test
    void defaultTransformStreamEndsOnPromptfoosDoneFrames() throws Exception {
        // done, complete and finished types, and done: true, end the answer; content wins over text
        assertEquals(
                "C",
                defaultStream(
                        "default",
                        "{\"type\":\"chunk\",\"content\":\"no\"}",
                        "{\"type\":\"done\",\"content\":\"C\",\"text\":\"T\"}"));
        assertEquals(
                "T",
                defaultStream(
                        "default",
                        "{\"type\":\"progress\",\"done\":false,\"text\":\"no\"}",
                        "{\"type\":\"complete\",\"content\":\"\",\"text\":\"T\"}"));
        assertEquals("F", defaultStream(true, "not json", "{\"type\":\"finished\",\"text\":\"F\"}"));
        assertEquals(
                "D", defaultStream(true, "{\"done\":\"yes\",\"text\":\"no\"}", "{\"done\":true,\"content\":\"D\"}"));
        // without content or text the last message is the output
        assertEquals(Map.of("type", "done"), defaultStream("default", "{\"type\":\"done\"}"));
    }

    @Test
    void defaultTransformStreamWaitsThroughOtherFrames() {
        Provider p = provider(url("/lines"), "transformStream", "default", "timeoutMs", 500);
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> p.call(
                        "{\"type\":\"chunk\"}\n[1,2]\n{\"type\":\"DONE\"}\n{\"done\":1}\n{\"done\":\"true\"}",
                        CallContext.EMPTY));
        assertEquals("WebSocket request timed out after 500ms", e.getMessage());
    }

    // ------------------------------------------------------------------ the URL a var makes

    @Test
    void charactersAUrlCannotHoldArePercentEncodedAndArriveIntact() throws Exception {
        server.clearJournal();
        String value = "a b{c}\"d\"é€😀|^`<>\\";
        Provider p = provider("ws", "url", url("/lines") + "?q={{ q }}&plain={{ plain }}");
        assertEquals(
                "hi",
                p.call("hi", CallContext.ofVars(Map.of("q", value, "plain", "az-._~09")))
                        .output());
        JournalEntry e = lastConnection("/lines");
        assertEquals(List.of(value), e.query().get("q"));
        assertEquals(List.of("az-._~09"), e.query().get("plain"));
    }

    @Test
    void aRenderedWebsocketSchemeIsRefusedAsPromptfooRefusesIt() {
        // websocket:// in the config is read as ws://; rendered from a var at call time it is not a WebSocket URL
        Provider p = provider("ws", "url", "{{ where }}");
        for (String where : List.of("websocket://127.0.0.1:1/x", "WebSocket://127.0.0.1:1/x")) {
            ProviderException e = assertThrows(
                    ProviderException.class, () -> p.call("x", CallContext.ofVars(Map.of("where", where))));
            assertEquals(ProviderException.Kind.CONFIG, e.kind());
            assertEquals(
                    "The URL's protocol must be one of \"ws:\", \"wss:\", \"http:\", or \"https:\"", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the call's deadline and env

    @Test
    void aCallerDeadlineLaterThanNeededLeavesTheCallAlone() throws Exception {
        Provider p = provider(url("/lines"), "timeoutMs", 120_000);
        CallContext ctx = CallContext.builder()
                .deadline(java.time.Instant.now().plusSeconds(60))
                .build();
        assertEquals("answer", p.call("answer", ctx).output());
    }

    @Test
    void theCallsEnvWinsOverTheProvidersAndReachesTheTemplates() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/lines"))
                .messageTemplate("{{ env.WS_OPT_A }}/{{ env.WS_OPT_B }}")
                .env(Map.of("WS_OPT_A", "provider-a", "WS_OPT_B", "provider-b"))
                .build()) {
            CallContext ctx =
                    CallContext.builder().env(Map.of("WS_OPT_B", "call-b")).build();
            assertEquals("provider-a/call-b", p.call("x", ctx).output());
            assertEquals("provider-a/call-b", p.call("x", ctx).output()); // the same maps again
            assertEquals("provider-a/provider-b", p.call("x", CallContext.EMPTY).output());
        }
    }

    @Test
    void aHeaderTemplateThatDoesNotParseFailsAtLoadNamingTheHeader() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> provider(url("/lines"), "headers", Map.of("Authorization", "Bearer {{ env.TOKEN ")));
        assertEquals(Optional.of("config.headers.Authorization"), e.key());
    }

    // ------------------------------------------------------------------ persistent connections

    private static CallContext conversation(String id, Map<String, Object> vars) {
        return CallContext.builder()
                .vars(vars)
                .test(Map.of("metadata", Map.of("conversationId", id)))
                .build();
    }

    @Test
    void aConversationWhoseUrlChangesMovesToANewConnectionAndClosesTheOld() throws Exception {
        server.clearJournal();
        try (Provider p = provider("ws", "url", url("/counted") + "?v={{ v }}", "connection", "persistent")) {
            assertEquals(
                    "turn 1: a",
                    p.call("a", conversation("c", Map.of("v", "1"))).output());
            assertEquals(
                    "turn 2: b",
                    p.call("b", conversation("c", Map.of("v", "1"))).output());
            assertEquals(
                    "turn 1: c",
                    p.call("c", conversation("c", Map.of("v", "2"))).output());
            List<JournalEntry> j =
                    server.awaitJournal(l -> l.size() == 2 && l.get(0).close().isPresent(), WAIT);
            assertEquals(List.of("1"), j.get(0).query().get("v"));
            assertEquals(false, j.get(0).close().orElseThrow().byServer());
            assertEquals(Optional.empty(), j.get(1).close());
        }
    }

    @Test
    void aFailedTurnClosesItsConnectionAndTheNextTurnStartsAfresh() throws Exception {
        server.clearJournal();
        try (Provider p = provider(url("/counted"), "connection", "persistent")) {
            assertEquals("turn 1: a", p.call("a", conversation("f", Map.of())).output());
            ProviderException e =
                    assertThrows(ProviderException.class, () -> p.call("fail", conversation("f", Map.of())));
            assertEquals("failed turn", e.getMessage());
            List<JournalEntry> j =
                    server.awaitJournal(l -> l.size() == 1 && l.get(0).close().isPresent(), WAIT);
            assertEquals(false, j.get(0).close().orElseThrow().byServer());
            assertEquals("turn 1: b", p.call("b", conversation("f", Map.of())).output());
        }
    }

    @Test
    void aConversationMovesFromThreadToThread() throws Exception {
        try (Provider p = provider(url("/counted"), "connection", "persistent");
                var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            assertEquals("turn 1: a", p.call("a", conversation("t", Map.of())).output());
            // the next turn of the same conversation, from another thread, is not locked out by the first
            assertEquals(
                    "turn 2: b",
                    pool.submit(() -> p.call("b", conversation("t", Map.of())).output())
                            .get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("turn 3: c", p.call("c", conversation("t", Map.of())).output());
        }
    }

    @Test
    void everyBuilderOptionChains() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url(url("/lines"))
                .id(url("/lines"))
                .label("chained")
                .messageTemplate("{\"type\":\"chunk\",\"delta\":\"{{ prompt | shout }}\"}\n{\"type\":\"done\"}")
                .headers(Map.of("X-Test", "1"))
                .protocols(List.of())
                .timeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(10))
                .legacyStream("chunk", "done", "delta")
                .persistent(false)
                .waitOnServerClose(false)
                .maxMessageSize(1 << 20)
                .env(Map.of())
                .filters(Map.of("shout", (v, args) -> String.valueOf(v).toUpperCase()))
                .transformResponse((data, ctx) -> Map.of("output", data + "!"))
                .build()) {
            assertEquals("HI!", p.call("hi", CallContext.EMPTY).output());
            assertEquals("chained", p.label());
        }
    }
}
