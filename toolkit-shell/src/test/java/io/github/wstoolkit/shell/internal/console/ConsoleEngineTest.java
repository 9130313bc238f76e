package io.github.wstoolkit.shell.internal.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.mockserver.JournalEntry;
import io.github.wstoolkit.mockserver.MockConnection;
import io.github.wstoolkit.mockserver.MockHandler;
import io.github.wstoolkit.mockserver.MockServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The console engine driven directly, without a terminal, against a real mock server on loopback: every command,
 * frames arriving on their own thread, transforms, Groovy, providers, evals and /save.
 */
class ConsoleEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "sk-never-shown-4242";
    private static final String TOKEN = "tok-never-shown-9191";

    @TempDir
    Path dir;

    private MockServer server;
    private final Events events = new Events();
    private ConsoleEngine engine;
    private final CompletableFuture<MockConnection> pushed = new CompletableFuture<>();

    /** {@code /echo}: "say X" answers X, "close-me" closes with 4002, binary comes back as is, the rest "echo:…". */
    private final MockHandler echo = new MockHandler() {
        @Override
        public void onMessage(MockConnection c, String text) {
            if (text.equals("close-me")) {
                c.close(4002, "asked to");
            } else if (text.startsWith("say ")) {
                c.sendText(text.substring(4));
            } else {
                c.sendText("echo:" + text);
            }
        }

        @Override
        public void onBinary(MockConnection c, byte[] data) {
            c.sendBinary(data);
        }
    };

    @BeforeEach
    void start() {
        server = MockServer.builder()
                .port(0)
                .handler("/echo", echo)
                .handler("/push", new MockHandler() {
                    @Override
                    public void onOpen(MockConnection c) {
                        pushed.complete(c);
                        if (c.queryParameter("greet").isPresent()) {
                            c.sendText("hello");
                        }
                    }
                })
                .start();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        server.close();
    }

    private ConsoleEngine engine() {
        return engine(ConsoleEngine.builder());
    }

    private ConsoleEngine engine(ConsoleEngine.Builder b) {
        engine = b.env(Map.of("WST_MOCK_URL", base(), "API_KEY", SECRET))
                .workingDir(dir)
                .listener(events)
                .quiet(Duration.ofMillis(300))
                .width(() -> 200)
                .build();
        return engine;
    }

    private String base() {
        return "ws://127.0.0.1:" + server.port();
    }

    private String url(String path) {
        return base() + path;
    }

    private void run(String input) {
        assertTrue(engine.execute(input), () -> input + " failed: " + events.texts());
    }

    private String failing(String input) throws InterruptedException {
        int mark = events.mark();
        assertFalse(engine.execute(input), () -> input + " should fail: " + events.texts());
        return events.await(mark, ConsoleEvent.Problem.class, p -> true).message();
    }

    private String output(String input) throws InterruptedException {
        int mark = events.mark();
        run(input);
        return events.await(mark, ConsoleEvent.Output.class, o -> true).text().text();
    }

    private JournalEntry lastOn(String path, Predicate<JournalEntry> condition) throws Exception {
        List<JournalEntry> j =
                server.awaitJournal(l -> l.stream().anyMatch(e -> e.path().equals(path) && condition.test(e)), WAIT);
        JournalEntry found = null;
        for (JournalEntry e : j) {
            if (e.path().equals(path) && condition.test(e)) {
                found = e;
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ frames

    @Test
    void aFrameStampedBeforeItsReplyStartedIsShownAtZeroNotBelow() {
        // a connection's greeting can be read before the connect call returns and stamps the connection open: it was
        // printed as "< +-1 ms"
        assertEquals(Duration.ZERO, ConsoleEngine.elapsed(2_000_000, 1_000_000));
        assertEquals(Duration.ofMillis(3), ConsoleEngine.elapsed(1_000_000, 4_000_000));
    }

    @Test
    void framesArriveInOrderWithTheirTimeSinceTheSendAndAReplySummary() throws Exception {
        engine();
        int mark = events.mark();
        run("/connect " + url("/ws-stream"));
        ConsoleEvent.Received greeting = events.await(mark, ConsoleEvent.Received.class, r -> true);
        assertEquals(Map.of("type", "ready", "message", "Connected to /ws-stream"), greeting.value());
        assertEquals(0, greeting.index());
        assertTrue(
                greeting.text().text().matches("(?s)< \\+\\d+ ms .*"),
                greeting.text().text());

        mark = events.mark();
        run("{\"input\": \"Hello\"}");
        ConsoleEvent.Received first = events.await(mark, ConsoleEvent.Received.class, r -> true);
        assertEquals(0, first.index());
        assertFalse(first.sinceSend().isNegative());
        assertTrue(first.text().text().startsWith("< +"), first.text().text());
        ConsoleEvent.Received message = events.await(
                mark,
                ConsoleEvent.Received.class,
                r -> r.value() instanceof Map<?, ?> m && "message".equals(m.get("type")));
        assertEquals(Map.of("type", "message", "message", "Hello! How can I help you today?"), message.value());
        // nothing more comes: after the quiet time a summary of the whole reply (8 frames: 7 deltas, message, done)
        ConsoleEvent.Reply summary = events.await(mark, ConsoleEvent.Reply.class, r -> r.frames() == 9);
        assertFalse(summary.complete());
        assertTrue(summary.firstFrame().isPresent());
        assertTrue(summary.longestGap().isPresent());
        assertTrue(
                summary.text().text().contains("first frame +"), summary.text().text());
        assertTrue(summary.text().text().contains("9 frames"), summary.text().text());
        // received frames are in arrival order
        List<Integer> indexes = new ArrayList<>();
        for (ConsoleEvent e : events.since(mark)) {
            if (e instanceof ConsoleEvent.Received r) {
                indexes.add(r.index());
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), indexes);
        assertEquals("wst /ws-stream> ", engine.prompt());
    }

    @Test
    void aMultiLineJsonObjectIsOneFrameAndDoubleSlashSendsALiteralSlash() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        String pretty = "{\n  \"input\": \"Hi\"\n}";
        run(pretty);
        run("//help me");
        JournalEntry e = lastOn("/echo", j -> j.received().size() == 2);
        assertEquals(List.of(pretty, "/help me"), e.texts());
    }

    @Test
    void jsonFramesArePrettyColouredOrAsReceived() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        int mark = events.mark();
        run("say {\"a\":1,\"b\":[true,null,\"x\"]}");
        ConsoleEvent.Received r = events.await(mark, ConsoleEvent.Received.class, x -> true);
        String text = r.text().text();
        assertTrue(text.endsWith("{\"a\": 1, \"b\": [true, null, \"x\"]}"), text);
        assertTrue(r.text().spans().stream()
                .anyMatch(s -> s.style() == Styled.Style.KEY && s.text().equals("\"a\"")));
        assertTrue(r.text().spans().stream().anyMatch(s -> s.style() == Styled.Style.NUMBER));
        assertTrue(r.text().spans().stream().anyMatch(s -> s.style() == Styled.Style.LITERAL));

        run("/json indent");
        mark = events.mark();
        run("say {\"a\":1}");
        text = events.await(mark, ConsoleEvent.Received.class, x -> true).text().text();
        assertTrue(text.endsWith("{\n    \"a\": 1\n  }"), text);

        run("/json off");
        mark = events.mark();
        run("say {\"a\":1}");
        text = events.await(mark, ConsoleEvent.Received.class, x -> true).text().text();
        assertTrue(text.endsWith("{\"a\":1}"), text);
        assertEquals("json off", output("/json"));
        assertTrue(failing("/json loud").startsWith("usage: /json"));

        run("/timings off");
        mark = events.mark();
        run("say plain text");
        assertEquals(
                "< plain text",
                events.await(mark, ConsoleEvent.Received.class, x -> true)
                        .text()
                        .text());
    }

    @Test
    void binaryFramesFilesAndHex() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        int mark = events.mark();
        run("/binary 68 65 6c 6c 6f");
        ConsoleEvent.Received r = events.await(mark, ConsoleEvent.Received.class, x -> true);
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), (byte[]) r.value());
        assertTrue(r.text().text().contains("binary 5 bytes:"), r.text().text());
        assertTrue(r.text().text().contains("68 65 6c 6c 6f"), r.text().text());
        assertTrue(
                r.text().text().contains("|hello") || r.text().text().contains(" hello"),
                r.text().text());

        run("/binary base64:aGk=");
        Files.writeString(dir.resolve("msg.json"), "{\"input\": \"from a file\"}");
        Files.write(dir.resolve("blob.bin"), new byte[] {(byte) 0xff, 0x00, (byte) 0xfe});
        run("/send msg.json");
        run("/send blob.bin");
        JournalEntry e = lastOn("/echo", j -> j.received().size() == 4);
        assertArrayEquals(
                "hello".getBytes(StandardCharsets.UTF_8), e.received().get(0).data());
        assertArrayEquals(
                "hi".getBytes(StandardCharsets.UTF_8), e.received().get(1).data());
        assertFalse(e.received().get(2).binary());
        assertEquals("{\"input\": \"from a file\"}", e.received().get(2).text());
        assertTrue(e.received().get(3).binary(), "a file that is not UTF-8 goes as a binary frame");

        assertTrue(failing("/binary zz").startsWith("/binary: not hex"));
        assertTrue(failing("/binary 123").contains("even number of hex digits"));
        assertTrue(failing("/binary base64:@@@").startsWith("/binary: not base64"));
        assertEquals("/send: no such file: missing.txt", failing("/send missing.txt"));
    }

    @Test
    void templateRendersEachLineWithPromptAndVars() throws Exception {
        engine(ConsoleEngine.builder().vars(Map.of("lang", "fr")));
        run("/connect " + url("/echo"));
        run("/set user Ann");
        run("/template {\"input\": {{ prompt | dump }}, \"lang\": \"{{ lang }}\", \"user\": \"{{ user }}\"}");
        assertEquals(
                "{\"input\": {{ prompt | dump }}, \"lang\": \"{{ lang }}\", \"user\": \"{{ user }}\"}",
                output("/template"));
        int mark = events.mark();
        run("He said \"hi\"");
        ConsoleEvent.Sent sent = events.await(mark, ConsoleEvent.Sent.class, s -> true);
        String expected = "{\"input\": \"He said \\\"hi\\\"\", \"lang\": \"fr\", \"user\": \"Ann\"}";
        assertEquals(expected, sent.payload());
        assertEquals(
                expected, lastOn("/echo", j -> j.received().size() == 1).texts().getFirst());
        assertTrue(failing("/template {{ oops").startsWith("/template:"));
        run("/template off");
        run("plain");
        assertEquals(
                "plain", lastOn("/echo", j -> j.received().size() == 2).texts().get(1));
        Files.writeString(dir.resolve("t.njk"), "[{{ prompt | dump }}]");
        run("/template file://t.njk");
        run("x");
        assertEquals(
                "[\"x\"]",
                lastOn("/echo", j -> j.received().size() == 3).texts().get(2));
    }

    // ------------------------------------------------------------------ transforms

    @Test
    void aStreamResponseTransformShowsTheOutputWhenItSaysDone() throws Exception {
        engine();
        run("/connect " + url("/ws-stream"));
        run("/transform { acc, event, ctx -> def m = JSON.parse(event.data);"
                + " m.type == 'message' ? [[output: m.message], true] : [acc, false] }");
        assertTrue(output("/transform").startsWith("streamResponse { acc, event, ctx ->"));
        int mark = events.mark();
        run("{\"input\": \"Tell me a joke\"}");
        ConsoleEvent.Reply done = events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete);
        String joke = "Why did the programmer quit his job? Because he didn't get arrays!";
        assertEquals(java.util.Optional.of(joke), done.output());
        assertTrue(done.text().text().startsWith("=> " + joke), done.text().text());
        assertEquals(13, done.frames(), "12 deltas and the message");
        assertEquals(joke, output("= output"));
        assertEquals("message", output("= frames[12].type"));
    }

    @Test
    void aOneParameterTransformIsATransformStreamAndDefaultIsSeed000s() throws Exception {
        engine();
        run("/connect " + url("/ws-stream"));
        run("/transform { ctx -> ctx.message.type == 'message' ? [done: true, output: ctx.message.message] : [:] }");
        assertTrue(output("/transform").startsWith("transformStream "));
        int mark = events.mark();
        run("{\"input\": \"Hello\"}");
        assertEquals(
                java.util.Optional.of("Hello! How can I help you today?"),
                events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete)
                        .output());

        run("/connect " + url("/"));
        run("/transform default");
        mark = events.mark();
        run("{\"prompt\": \"hello\"}");
        assertEquals(
                java.util.Optional.of("Hello! How can I help you today?"),
                events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete)
                        .output());
        run("/transform off");
        assertEquals("no transform", output("/transform"));
    }

    @Test
    void transformErrorsNameTheLineWithoutAStackTraceUnlessDebugIsOn() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        assertTrue(failing("/transform { acc, event, ctx -> [acc, ").contains("does not compile"));
        run("/transform { acc, event, ctx ->\n  nope.size()\n}");
        int mark = events.mark();
        run("hi");
        ConsoleEvent.Problem p = events.await(mark, ConsoleEvent.Problem.class, x -> true);
        assertEquals("transform error (line 2): No such property: nope", p.message());
        assertFalse(p.text().text().contains("\tat "), p.text().text());
        run("/debug on");
        mark = events.mark();
        run("hi again");
        p = events.await(mark, ConsoleEvent.Problem.class, x -> true);
        assertTrue(p.text().text().contains("\tat "), "a stack trace with /debug on");
        assertEquals("echo:hi again", output("= last"), "the shell goes on");
    }

    // ------------------------------------------------------------------ Groovy

    @Test
    void groovyLinesSeeTheFramesAndKeepTheirVariables() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        int mark = events.mark();
        run("say {\"choices\": [{\"message\": {\"content\": \"Hi there\"}}]}");
        events.await(mark, ConsoleEvent.Received.class, x -> true);
        assertEquals("Hi there", output("= last.choices[0].message.content"));
        assertEquals("1", output("= frames.size()"));
        assertEquals("41", output("= x = 41"));
        assertEquals("42", output("= x + 1"));
        run("/set lang fr");
        assertEquals("fr", output("= vars.lang"));
        run("= vars.user = 'Ann'");
        assertEquals(Map.of("lang", "fr", "user", "Ann"), engine.vars());
        assertEquals("true", output("= ws.open"));
        assertEquals("{\"n\": [1, 2]}", output("= [n: [1, 2]]"));
        assertEquals("printed", output("= println 'printed'"));
        assertTrue(output("= ws").startsWith("ws " + url("/echo")));

        mark = events.mark();
        run("= ws.send([input: 'from groovy'])");
        events.await(mark, ConsoleEvent.Received.class, r -> "echo:{\"input\":\"from groovy\"}".equals(r.value()));

        assertEquals("line 1: No such property: nothing", failing("= nothing.here"));
        String compile = failing("= (1 + ");
        assertTrue(compile.startsWith("line 1, column "), compile);
        assertFalse(events.texts().contains("\tat "), "no stack trace without /debug");
        assertTrue(failing("= ").startsWith("= needs a Groovy expression"));
    }

    // ------------------------------------------------------------------ connection commands

    @Test
    void statusShowsTheConnectionWithSecretsRedacted() throws Exception {
        engine();
        run("/connect '" + url("/echo") + "?token=" + TOKEN + "' -H 'Authorization: Bearer {{ env.API_KEY }}'"
                + " -H 'X-Trace: t1'");
        run("hello");
        lastOn("/echo", e -> e.received().size() == 1);
        assertEquals(
                List.of("Bearer " + SECRET),
                lastOn("/echo", e -> true).headers().get("Authorization"),
                "the header template is rendered over env");
        String status = output("/status");
        assertTrue(status.contains("url          " + url("/echo") + "?token=%5BREDACTED%5D"), status);
        assertTrue(status.contains("Authorization: [REDACTED]"), status);
        assertTrue(status.contains("X-Trace: t1"), status);
        assertTrue(status.contains("open since "), status);
        assertTrue(status.contains("sent         1 frame, 5 B"), status);
        assertTrue(status.contains("subprotocol  none"), status);
        assertFalse(events.texts().contains(SECRET) || events.texts().contains(TOKEN), events.texts());
    }

    @Test
    void closeReconnectAndServerClosesAreShown() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        run("/close 4001 done here");
        JournalEntry e = lastOn("/echo", j -> j.close().isPresent());
        assertEquals(4001, e.close().get().code());
        assertEquals("done here", e.close().get().reason());
        assertTrue(output("/status").contains("closed (4001 done here, by us)"));
        assertEquals("wst (closed)> ", engine.prompt());
        assertTrue(failing("hello").startsWith("the connection is closed (4001 done here): /reconnect"));
        assertTrue(failing("/close").startsWith("not connected"));

        run("/reconnect");
        assertEquals("wst /echo> ", engine.prompt());
        assertTrue(failing("/close 999").contains("999 cannot be sent"));
        assertTrue(failing("/close abc").contains("must be a number"));
        int mark = events.mark();
        run("close-me");
        ConsoleEvent.Closed closed = events.await(mark, ConsoleEvent.Closed.class, c -> true);
        assertTrue(closed.byServer());
        assertEquals(4002, closed.code());
        assertEquals("asked to", closed.reason());
        assertTrue(
                closed.text().text().contains("closed by the server: 4002 asked to"),
                closed.text().text());
    }

    @Test
    void connectionFailuresReadLikeTheProvidersAndTheShellStaysUp() throws Exception {
        engine();
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        assertEquals(
                "WebSocket connection failed (ECONNREFUSED)",
                failing("/connect ws://127.0.0.1:" + free + "/x?token=" + TOKEN));
        assertTrue(failing("/connect " + url("/ws-stream") + "?fault=refuse:401&api_key=" + TOKEN)
                .contains("(HTTP 401)"));
        assertTrue(failing("/connect ftp://example.com/").contains("protocol must be one of"));
        assertEquals("usage: " + Commands.find("connect").get().usage(), failing("/connect"));
        assertTrue(failing("/connect " + url("/echo") + " -H NoColonHere").contains("needs 'Name: value'"));
        assertTrue(failing("/connect " + url("/echo") + " --nope").contains("unknown option --nope"));
        assertTrue(failing("hello").startsWith("not connected"));
        assertTrue(failing("/reconnect").contains("(HTTP 401)"), "the last URL that got as far as a handshake");
        assertFalse(events.texts().contains(TOKEN), events.texts());
        assertEquals("wst> ", engine.prompt());
        run("/connect {{ env.WST_MOCK_URL }}/echo");
        assertEquals("wst /echo> ", engine.prompt());
    }

    @Test
    void pingShowsThePongAndItsRoundTrip() throws Exception {
        engine();
        assertTrue(failing("/ping").startsWith("not connected"));
        run("/connect " + url("/echo"));
        assertTrue(output("/ping").matches("pong \"wst-\\d+\" in [0-9.]+ ms"), events.texts());
        assertTrue(output("/ping are you there").startsWith("pong \"are you there\" in "));
        assertTrue(failing("/ping " + "x".repeat(126)).contains("at most 125 bytes"));
    }

    // ------------------------------------------------------------------ vars, help, history

    @Test
    void variablesAreSetListedRedactedAndRemoved() throws Exception {
        engine();
        assertEquals("no variables (/set NAME VALUE)", output("/vars"));
        run("/set greeting Hello there");
        run("/set apiKey " + SECRET);
        String vars = output("/vars");
        assertTrue(vars.contains("greeting = \"Hello there\""), vars);
        assertTrue(vars.contains("apiKey = [REDACTED]"), vars);
        assertFalse(vars.contains(SECRET));
        run("/unset apiKey");
        assertEquals(Map.of("greeting", "Hello there"), engine.vars());
        assertEquals("/unset: no variable apiKey", failing("/unset apiKey"));
        assertTrue(failing("/set 1x y").contains("a variable name is letters"));
        assertTrue(failing("/set onlyname").startsWith("usage: /set"));
    }

    @Test
    void helpHistoryAbbreviationsAndUnknownCommands() throws Exception {
        engine();
        String help = output("/help");
        for (Commands.Command c : Commands.ALL) {
            assertTrue(help.contains("/" + c.name()), c.name());
        }
        assertTrue(output("/help connect").contains("-H 'Authorization: Bearer {{ env.API_KEY }}'"));
        assertTrue(output("/help /save").startsWith("/save FILE [equals|contains]"));
        assertEquals("/help: no command /nope; /help lists the commands", failing("/help nope"));
        assertEquals("unknown command /nope; /help lists the commands", failing("/nope"));
        assertTrue(failing("/re").startsWith("/re is ambiguous: /reconnect, /reset"));
        assertEquals("no variables (/set NAME VALUE)", output("/va"), "an unambiguous prefix runs the command");
        String history = output("/history 3");
        assertEquals("6  /re\n7  /va\n8  /history 3", history);
        assertTrue(failing("/history x").startsWith("usage: /history"));
    }

    @Test
    void exitClosesTheConnectionNormally() throws Exception {
        engine();
        run("/connect " + url("/echo"));
        run("/exit");
        assertTrue(engine.exitRequested());
        JournalEntry e = lastOn("/echo", j -> j.close().isPresent());
        assertEquals(1000, e.close().get().code());
        assertFalse(e.close().get().byServer());
    }

    // ------------------------------------------------------------------ providers and evals

    private EvalConfig config(String yaml) throws Exception {
        Path f = dir.resolve("promptfooconfig.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f);
    }

    private static final String STREAM_PROVIDER =
            """
              - id: '{{ env.WST_MOCK_URL }}/ws-stream'
                label: bot
                config:
                  messageTemplate: '{"input": {{ prompt | dump }}}'
                  headers: {Authorization: 'Bearer {{ env.API_KEY }}'}
                  streamResponse: |
                    { acc, event, ctx ->
                      def m = JSON.parse(event.data)
                      m.type == 'message' ? [[output: m.message], true] : [acc, false]
                    }
            """;

    @Test
    void callRendersThePromptAndCallsTheConfigsProvider() throws Exception {
        engine(
                ConsoleEngine.builder()
                        .config(
                                config(
                                        "prompts: ['{{ q }}']\nproviders:\n" + STREAM_PROVIDER
                                                + """
                          - id: '{{ env.WST_MOCK_URL }}/ws'
                            label: echo
                            config:
                              messageTemplate: '{"input": {{ prompt | dump }}}'
                              transformResponse: data.message
                        """)));
        run("/set who programmer");
        String out = output("/call bot Tell me a joke about a {{ who }}");
        assertTrue(out.startsWith("=> Why did the programmer quit his job?"), out);
        assertTrue(out.contains("bot: connect "), out);
        assertTrue(out.contains("first frame "), out);
        assertTrue(out.contains(" frames, "), out);
        assertTrue(out.contains("longest gap "), out);
        assertEquals(
                "You said: anything",
                output("/call echo anything").lines().findFirst().orElseThrow().substring(3));
        assertTrue(failing("/call no provider named").startsWith("/call: name a provider: /call PROVIDER PROMPT"));
        assertTrue(failing("/call bot").startsWith("usage: /call"));
        assertTrue(output("= response.timings.frames").matches("\\d+"));
        assertFalse(events.texts().contains(SECRET));
    }

    @Test
    void callWithoutAConfigUsesTheConnectionsUrlTemplateAndTransform() throws Exception {
        engine();
        assertTrue(failing("/call Hello").contains("no provider"));
        run("/connect " + url("/ws-stream"));
        run("/template {\"input\": {{ prompt | dump }}}");
        run("/transform { acc, event, ctx -> def m = JSON.parse(event.data);"
                + " m.type == 'message' ? [m.message, true] : [acc, false] }");
        String out = output("/call Hello");
        assertTrue(out.startsWith("=> Hello! How can I help you today?"), out);
        assertTrue(out.contains("connection: connect "), out);
    }

    @Test
    void callsOfTheRealtimeProviderShareAConversationUntilReset() throws Exception {
        engine(
                ConsoleEngine.builder()
                        .config(
                                config(
                                        """
                        prompts: ['{{ q }}']
                        providers:
                          - id: openai:realtime:gpt-realtime
                            label: rt
                            config:
                              apiBaseUrl: '{{ env.WST_MOCK_URL }}/v1'
                              apiKey: '{{ env.API_KEY }}'
                              modalities: [text]
                        """)));
        assertTrue(output("/call rt Hello").startsWith("=> "));
        assertTrue(output("/call rt Tell me a joke").startsWith("=> "));
        List<JournalEntry> rt = server.journal().stream()
                .filter(e -> e.path().equals("/v1/realtime"))
                .toList();
        assertEquals(1, rt.size(), "two calls, one socket: " + rt);
        assertEquals("new conversation for /call", output("/reset"));
        assertTrue(output("/call rt Hello again").startsWith("=> "));
        assertEquals(
                2,
                server.journal().stream()
                        .filter(e -> e.path().equals("/v1/realtime"))
                        .count(),
                "a new conversation opens a new session");
        assertFalse(events.texts().contains(SECRET));
    }

    @Test
    void aPendingCallIsCancelledAndTheShellGoesOn() throws Exception {
        engine(
                ConsoleEngine.builder()
                        .config(
                                config(
                                        """
                        providers:
                          - id: '{{ env.WST_MOCK_URL }}/ws?fault=stall'
                            label: stuck
                            config:
                              messageTemplate: '{"input": {{ prompt | dump }}}'
                        """)));
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> result.complete(engine.execute("/call stuck Hello")));
        lastOn("/ws", e -> e.received().size() == 1);
        engine.cancel();
        assertFalse(result.get(30, TimeUnit.SECONDS));
        t.join(Duration.ofSeconds(30));
        assertTrue(events.texts().contains("cancelled"), events.texts());
        assertEquals("no variables (/set NAME VALUE)", output("/vars"));
    }

    @Test
    void aRunningEvalIsStoppedByCancel() throws Exception {
        engine(
                ConsoleEngine.builder()
                        .config(
                                config(
                                        """
                        prompts: ['{{ q }}']
                        providers:
                          - id: '{{ env.WST_MOCK_URL }}/ws?fault=stall'
                            label: stuck
                            config:
                              messageTemplate: '{"input": {{ prompt | dump }}}'
                        tests:
                          - vars: {q: one}
                          - vars: {q: two}
                        """)));
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> result.complete(engine.execute("/eval")));
        lastOn("/ws", e -> e.received().size() == 1);
        engine.cancel();
        assertFalse(result.get(30, TimeUnit.SECONDS));
        assertTrue(events.texts().contains("the run was stopped: "), events.texts());
        assertEquals("no variables (/set NAME VALUE)", output("/vars"), "the shell goes on");
    }

    @Test
    void anAccumulatingTransformShowsItsOutputAsItGrows() throws Exception {
        engine();
        run("/connect " + url("/ws-stream"));
        run("/transform { acc, event, ctx -> def m = JSON.parse(event.data);"
                + " m.type == 'delta' ? [(acc instanceof String ? acc : '') + m.message, false]"
                + " : m.type == 'message' ? [acc, true] : [acc, false] }");
        int mark = events.mark();
        run("{\"input\": \"Hello\"}");
        events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete);
        List<String> growing = events.since(mark).stream()
                .filter(e -> e instanceof ConsoleEvent.Output)
                .map(e -> e.text().text())
                .toList();
        assertEquals("  … Hello! ", growing.getFirst());
        assertEquals("  … Hello! How can I help you today?", growing.getLast());
        assertEquals(7, growing.size(), "one line per delta");
    }

    private static final String EVAL_CONFIG = "prompts: ['{{ q }}']\nproviders:\n" + STREAM_PROVIDER
            + """
                    tests:
                      - description: greets back
                        vars: {q: Hello}
                        assert: [{type: equals, value: 'Hello! How can I help you today?'}]
                      - description: tells a joke
                        vars: {q: Tell me a joke}
                        assert: [{type: icontains, value: programmer}]
                    """;

    @Test
    void evalRunsTheConfigsTestsOrThoseMatchingAFilter() throws Exception {
        engine(ConsoleEngine.builder().config(config(EVAL_CONFIG)));
        int mark = events.mark();
        run("/eval");
        String all = events.textsSince(mark);
        assertTrue(all.contains("| # | result | provider | test"), all);
        assertTrue(all.contains("| PASS   | bot      | greets back"), all);
        assertTrue(all.contains("2 passed, 0 failed, 0 errors"), all);
        mark = events.mark();
        run("/eval joke");
        all = events.textsSince(mark);
        assertTrue(all.contains("1 passed, 0 failed, 0 errors"), all);
        assertFalse(all.contains("greets back"), all);
        assertTrue(output("/eval nothing-matches").startsWith("no test description matches"));
        assertTrue(failing("/eval [").startsWith("/eval: invalid regular expression"));
        assertFalse(events.texts().contains(SECRET));
    }

    @Test
    void evalFailsWhenATestFailsAndNeedsAConfig() throws Exception {
        engine();
        assertEquals("/eval needs a config: start the shell with -c CONFIG", failing("/eval"));
        engine.close();
        engine(ConsoleEngine.builder().config(config(EVAL_CONFIG.replace("programmer", "astronaut"))));
        int mark = events.mark();
        assertFalse(engine.execute("/eval"));
        assertTrue(events.textsSince(mark).contains("1 passed, 1 failed, 0 errors"));
    }

    // ------------------------------------------------------------------ save

    @Test
    void saveAppendsTestCasesThatAConfigRunsAsARegressionSuite() throws Exception {
        engine();
        assertTrue(failing("/save tests.yaml").startsWith("/save: nothing to save yet"));
        run("/connect " + url("/ws-stream"));
        run("/template {\"input\": {{ prompt | dump }}}");
        run("/transform { acc, event, ctx -> def m = JSON.parse(event.data);"
                + " m.type == 'message' ? [m.message, true] : [acc, false] }");
        int mark = events.mark();
        run("Hello");
        events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete);
        assertTrue(output("/save tests.yaml").startsWith("saved a test case to tests.yaml (equals Hello!"));
        mark = events.mark();
        run("What is AI");
        events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete);
        assertTrue(output("/save tests.yaml").startsWith("saved a test case to tests.yaml (contains Artificial"));
        mark = events.mark();
        run("Tell me a joke");
        events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete);
        run("/save tests.yaml contains");

        String text = Files.readString(dir.resolve("tests.yaml"));
        assertTrue(text.startsWith("# promptfoo test cases recorded by `wst shell`"), text);
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(text);
        List<?> cases = assertInstanceOf(List.class, doc);
        assertEquals(3, cases.size());
        Map<?, ?> first = (Map<?, ?>) cases.getFirst();
        assertEquals("shell: Hello", first.get("description"));
        assertEquals(Map.of("prompt", "Hello"), first.get("vars"));
        assertEquals(
                List.of(Map.of("type", "equals", "value", "Hello! How can I help you today?")), first.get("assert"));

        // the saved cases are a regression suite: a config with the same template and transform passes them
        Files.writeString(
                dir.resolve("replay.yaml"),
                """
                prompts: ['{{ prompt }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws-stream'
                    config:
                      messageTemplate: '{"input": {{ prompt | dump }}}'
                      streamResponse: |
                        { acc, event, ctx -> def m = JSON.parse(event.data); m.type == 'message' ? [m.message, true] : [acc, false] }
                tests: file://tests.yaml
                """);
        engine.close();
        engine(ConsoleEngine.builder().config(ConfigLoader.load(dir.resolve("replay.yaml"))));
        mark = events.mark();
        run("/eval");
        assertTrue(events.textsSince(mark).contains("3 passed, 0 failed, 0 errors"), events.textsSince(mark));
    }

    @Test
    void saveRefusesAConfigFileAndExchangesWithoutAnOutput() throws Exception {
        engine();
        run("/connect " + url("/push"));
        MockConnection c = pushed.get(30, TimeUnit.SECONDS);
        run("Hello");
        assertEquals("/save: the last message has no reply to check yet", failing("/save t.yaml"));
        int mark = events.mark();
        c.sendText("a reply");
        events.await(mark, ConsoleEvent.Received.class, x -> true);
        Files.writeString(dir.resolve("config.yaml"), "prompts: [x]\ntests: []\n");
        assertTrue(failing("/save config.yaml").contains("is not a list of tests"));
        assertEquals("prompts: [x]\ntests: []\n", Files.readString(dir.resolve("config.yaml")), "not changed");
        assertTrue(failing("/save t.yaml maybe").contains("equals or contains"));
        run("/binary 00");
        assertTrue(failing("/save t.yaml").contains("binary"));
    }

    // ------------------------------------------------------------------ mock

    @Test
    void mockStartsAServerAndTemplatesSeeItsUrl() throws Exception {
        engine();
        String out = output("/mock");
        assertTrue(out.matches("(?s)mock server at ws://127\\.0\\.0\\.1:\\d+ \\(env\\.WST_MOCK_URL\\).*"), out);
        String url = out.substring("mock server at ".length(), out.indexOf(" (env"));
        assertTrue(output("/mock").equals("the mock server is running at " + url));
        run("/connect {{ env.WST_MOCK_URL }}/ws");
        run("/transform { acc, e, c -> [JSON.parse(e.data).message, true] }");
        int mark = events.mark();
        run("{\"input\": \"ping\"}");
        assertEquals(
                java.util.Optional.of("You said: ping"),
                events.await(mark, ConsoleEvent.Reply.class, ConsoleEvent.Reply::complete)
                        .output());
        assertTrue(output("/status").contains("mock         " + url));
    }

    // ------------------------------------------------------------------ completion

    @Test
    void tabCompletionOffersCommandsProvidersVariablesPathsAndKeywords() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.json"), "{}");
        Files.writeString(dir.resolve("script.groovy"), "x");
        engine(ConsoleEngine.builder().config(config("providers:\n" + STREAM_PROVIDER)));
        run("/set language fr");
        assertEquals(List.of("/connect"), values(engine.complete("/con", 4)));
        assertEquals(List.of("/reconnect", "/reset"), values(engine.complete("/re", 3)));
        assertEquals(List.of("bot"), values(engine.complete("/call ", 6)));
        assertEquals(List.of("language"), values(engine.complete("/set la", 7)));
        assertEquals(List.of("promptfooconfig.yaml", "script.groovy", "sub/"), values(engine.complete("/send ", 6)));
        assertEquals(List.of("sub/a.json"), values(engine.complete("/send sub/", 10)));
        assertEquals(List.of("file://script.groovy"), values(engine.complete("/transform file://sc", 20)));
        assertEquals(List.of("equals", "contains"), values(engine.complete("/save t.yaml ", 13)));
        assertEquals(List.of("on", "off", "indent"), values(engine.complete("/json ", 6)));
        assertEquals(List.of("frames"), values(engine.complete("= fr", 4)));
        ConsoleEngine.Completion c = engine.complete("/set la", 7);
        assertEquals(5, c.start());
        assertFalse(engine.complete("/send ", 6).candidates().get(2).complete(), "a folder takes more typing");
        assertTrue(engine.complete("/send ", 6).candidates().get(1).complete());
        assertEquals(List.of(), values(engine.complete("plain text", 10)));
    }

    private static List<String> values(ConsoleEngine.Completion c) {
        return c.candidates().stream().map(ConsoleEngine.Candidate::value).toList();
    }

    // ------------------------------------------------------------------ scripted mode

    @Test
    void scriptedModeWaitsForEachReplyBeforeTheNextLine() throws Exception {
        // a long quiet time: here replies end when the transform says done (the greeting too), never by silence
        engine(ConsoleEngine.builder().scripted(true).quiet(Duration.ofSeconds(60)));
        run("/transform { acc, e, ctx -> [e.data, e.data == 'hello' || e.data == 'part 2'] }");
        assertTrue(engine.connect(url("/push?greet=1"), Map.of(), List.of()));
        MockConnection c = pushed.get(30, TimeUnit.SECONDS);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> result.complete(engine.execute("question")));
        lastOn("/push", e -> e.received().size() == 1);
        assertFalse(result.isDone(), "the send waits for its reply");
        c.sendText("part 1");
        c.sendText("part 2");
        assertTrue(result.get(30, TimeUnit.SECONDS));
        List<String> lines = events.texts().lines().toList();
        assertEquals(
                List.of("< hello", "=> hello", "> question", "< part 1", "< part 2", "=> part 2"),
                lines.subList(lines.size() - 6, lines.size()));
    }

    // ------------------------------------------------------------------ the event recorder

    /** Records events; tests wait for one with a timeout (no sleeps). */
    static final class Events implements ConsoleListener {
        private final List<ConsoleEvent> all = new ArrayList<>();

        @Override
        public synchronized void event(ConsoleEvent event) {
            all.add(event);
            notifyAll();
        }

        synchronized int mark() {
            return all.size();
        }

        synchronized List<ConsoleEvent> since(int mark) {
            return List.copyOf(all.subList(mark, all.size()));
        }

        synchronized <T extends ConsoleEvent> T await(int from, Class<T> type, Predicate<T> condition)
                throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (int i = from; i < all.size(); i++) {
                    if (type.isInstance(all.get(i)) && condition.test(type.cast(all.get(i)))) {
                        return type.cast(all.get(i));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " as expected within " + WAIT + "; got:\n"
                            + textsSince(from));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized String texts() {
            return textsSince(0);
        }

        synchronized String textsSince(int mark) {
            StringBuilder sb = new StringBuilder();
            for (ConsoleEvent e : all.subList(mark, all.size())) {
                sb.append(e.text().text()).append('\n');
            }
            return sb.toString();
        }
    }
}
