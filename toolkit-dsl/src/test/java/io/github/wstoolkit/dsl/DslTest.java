package io.github.wstoolkit.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.eval.AssertionSpec;
import io.github.wstoolkit.eval.AssertionType;
import io.github.wstoolkit.eval.ConfigLoader;
import io.github.wstoolkit.eval.EvalConfig;
import io.github.wstoolkit.eval.TestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a config script builds, and how a bad one fails: with the script's file and line, before anything runs. */
class DslTest {

    @TempDir
    Path dir;

    private Path script(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private EvalConfig load(String text) throws Exception {
        return ConfigLoader.load(script("suite.groovy", text), Map.of());
    }

    private ConfigException fails(String text) throws Exception {
        Path f = script("bad.groovy", text);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f, e.file().orElseThrow(), e.getMessage());
        return e;
    }

    private static final String PROVIDER =
            """
            provider('ws://127.0.0.1:1/ws') {
                messageTemplate '{"input": {{ prompt | dump }}}'
            }
            """;

    @Test
    void theIssuesExampleBuildsTheSuiteItSays() throws Exception {
        script("cases.csv", "q,__expected\nhi,contains:hi\n");
        EvalConfig c = load(
                """
                description 'Streaming chatbot, three words'
                mockServer()
                prompt '{{ question }}'
                provider("${env.WST_MOCK_URL}/ws-stream") {
                    label 'bot'
                    messageTemplate '{"input": {{ prompt | dump }}}'
                    streamResponse { acc, event, ctx ->
                        def m = JSON.parse(event.data)
                        m.type == 'message' ? [[output: m.message], true] : [acc, false]
                    }
                }
                defaultTest {
                    expect { latency 5000 }
                }
                ['hello', 'joke'].each { w ->
                    test("asks about $w") {
                        vars question: "Tell me: $w"
                        metadata conversationId: 'c1'
                        expect {
                            icontains w
                            startsWith 'You said'
                            ttft 800
                            not { contains 'error' }
                            groovy { output, context -> output.size() < 500 }
                            assertion type: 'levenshtein', value: 'x', threshold: 5
                            contains 'refund', weight: 2, metric: 'policy'
                        }
                    }
                }
                tests file('cases.csv')
                """);
        assertEquals("Streaming chatbot, three words", c.description().orElseThrow());
        assertEquals(0, c.mockServer().orElseThrow().port());
        assertEquals(
                "{{ env.WST_MOCK_URL }}/ws-stream", c.providers().getFirst().id());
        assertEquals("bot", c.providers().getFirst().label().orElseThrow());
        assertEquals(3, c.tests().size());
        TestCase hello = c.tests().getFirst();
        assertEquals("asks about hello", hello.description().orElseThrow());
        assertEquals(Map.of("question", "Tell me: hello"), hello.vars());
        assertInstanceOf(String.class, hello.vars().get("question"), "a GString var is a String");
        assertEquals(Map.of("conversationId", "c1"), hello.metadata());
        List<AssertionSpec> a = hello.asserts();
        assertEquals(
                List.of("icontains", "starts-with", "ttft", "not-contains", "groovy", "levenshtein", "contains"),
                a.stream().map(AssertionSpec::typeName).toList());
        assertEquals("hello", a.get(0).value());
        assertEquals(800.0, a.get(2).threshold().getAsDouble());
        assertTrue(a.get(4).function().isPresent());
        assertEquals("{ output, context -> output.size() < 500 }", a.get(4).value(), "the closure's text");
        assertEquals(5.0, a.get(5).threshold().getAsDouble());
        assertEquals(2.0, a.get(6).weight());
        assertEquals("policy", a.get(6).metric().orElseThrow());
        assertEquals(AssertionType.LATENCY, c.defaultTest().asserts().getFirst().type());
        assertEquals(Map.of("q", "hi"), c.tests().get(2).vars(), "tests from the CSV file");
        assertTrue(hello.location().endsWith("suite.groovy:16"), hello.location());
        assertTrue(a.get(0).location().endsWith("suite.groovy:20"), a.get(0).location());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void aClosureTransformIsTheProvidersFunctionAndSeesTheScript() throws Exception {
        EvalConfig c = load(
                """
                def shout(s) { s.toUpperCase() }
                provider('ws://127.0.0.1:1/ws') {
                    messageTemplate '{{ prompt }}'
                    transformResponse { data, ctx -> shout(data.message) + (ctx.vars.suffix ?: '') }
                }
                """);
        ResponseTransform t =
                (ResponseTransform) c.providers().getFirst().config().get("transformResponse");
        assertEquals("HI!", t.apply(Map.of("message", "hi"), CallContext.ofVars(Map.of("suffix", "!"))));
        assertTrue(t.toString().startsWith("{ data, ctx -> shout("), t.toString());
    }

    @Test
    void aMisspelledMethodNamesTheLineTheBlockAndTheClosestName() throws Exception {
        ConfigException e = fails(
                PROVIDER
                        + """
                test('t') {
                    expect {
                        icontain 'x'
                    }
                }
                """);
        assertEquals(6, e.line().getAsInt());
        assertTrue(
                e.problem().startsWith("unknown method 'icontain' in expect { } (did you mean 'icontains'?);"),
                e.problem());
        ConfigException top = fails("descripton 'x'\n" + PROVIDER);
        assertEquals(1, top.line().getAsInt());
        assertTrue(top.problem().contains("(did you mean 'description'?)"), top.problem());
    }

    @Test
    void anOuterBlocksMethodIsNotSilentlyCalledFromAnInnerOne() throws Exception {
        ConfigException e = fails(
                """
                provider('ws://127.0.0.1:1/ws') {
                    messageTemplate 'x'
                    test('inner') { }
                }
                """);
        assertEquals(3, e.line().getAsInt());
        // a provider block takes any option name, and `test` is not an option of ws:// providers
        assertTrue(e.problem().contains("provider option 'test'") || e.problem().contains("test"), e.problem());
        ConfigException d = fails(PROVIDER + "test('t') { description 'a'; expect { description 'b' } }\n");
        assertEquals(4, d.line().getAsInt());
        assertTrue(d.problem().startsWith("unknown method 'description' in expect { }"), d.problem());
    }

    @Test
    void aMisspelledProviderOptionNamesTheLineAndTheOptionsTheProviderReads() throws Exception {
        ConfigException e = fails(
                """
                provider('ws://127.0.0.1:1/ws') {
                    messageTemplate '{{ prompt }}'
                    timeoutMS 5
                }
                """);
        assertEquals(3, e.line().getAsInt());
        assertEquals("providers[0].config.timeoutMS", e.key().orElseThrow());
        assertTrue(e.problem().contains("(did you mean 'timeoutMs'?)"), e.problem());
        assertTrue(e.problem().contains("messageTemplate") && e.problem().contains("streamResponse"), e.problem());
    }

    @Test
    void aClosureWithTooManyParametersFailsAtItsLine() throws Exception {
        ConfigException e = fails(
                """
                provider('ws://127.0.0.1:1/ws') {
                    messageTemplate '{{ prompt }}'
                    streamResponse { acc, event, ctx, extra -> [acc, true] }
                }
                """);
        assertEquals(3, e.line().getAsInt());
        assertTrue(e.problem().contains("but this closure declares 4 parameters"), e.problem());
        ConfigException g = fails(PROVIDER + "test { expect { groovy { a, b, c -> true } } }\n");
        assertEquals(4, g.line().getAsInt());
    }

    @Test
    void wrongArgumentsSayWhatTheMethodTakes() throws Exception {
        ConfigException e = fails(PROVIDER + "test { expect { ttft 'fast' } }\n");
        assertEquals(4, e.line().getAsInt());
        assertTrue(e.problem().startsWith("ttft in expect { } does not take (String); it takes ttft("), e.problem());
    }

    @Test
    void anExceptionWhileTheScriptRunsNamesItsLine() throws Exception {
        ConfigException e = fails(PROVIDER + "def n = 'x'\ntest(\"case ${Integer.parseInt(n)}\") { }\n");
        assertEquals(5, e.line().getAsInt());
        assertTrue(e.problem().startsWith("NumberFormatException"), e.problem());
        ConfigException thrown = fails(PROVIDER + "\nthrow new IllegalStateException('no cases found')\n");
        assertEquals(5, thrown.line().getAsInt());
        assertEquals("IllegalStateException: no cases found", thrown.problem());
    }

    @Test
    void aCompileErrorNamesLineAndColumn() throws Exception {
        ConfigException e = fails(PROVIDER + "test('t') {\n    vars q: 'x'\n    expect { contains 'a' \n");
        assertTrue(e.line().isPresent() && e.column().isPresent(), e.getMessage());
        assertTrue(e.problem().startsWith("does not compile: "), e.problem());
    }

    @Test
    void grabIsDisabled() throws Exception {
        ConfigException e = fails("@Grab('org.example:lib:1.0')\nimport org.example.Lib\n" + PROVIDER);
        assertEquals(1, e.line().getAsInt());
        assertTrue(e.problem().contains("@Grab is disabled"), e.problem());
    }

    @Test
    void aLoaderCheckNamesTheScriptLine() throws Exception {
        ConfigException e = fails(PROVIDER + "test {\n    expect {\n        regex '(unclosed'\n    }\n}\n");
        assertEquals(6, e.line().getAsInt());
        assertTrue(e.problem().startsWith("invalid regular expression"), e.problem());
    }

    @Test
    void secretsInArgumentsStayOutOfMessages() throws Exception {
        String secret = "sk-live-0123456789abcdef";
        ConfigException e = fails(PROVIDER.replace("messageTemplate", "apiKy '" + secret + "'\n    messageTemplate"));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        ConfigException top = fails(PROVIDER + "callTheBank('" + secret + "')\n");
        assertFalse(top.getMessage().contains(secret), top.getMessage());
        ConfigException wrongArgs = fails(PROVIDER + "test { expect { ttft '" + secret + "' } }\n");
        assertFalse(wrongArgs.getMessage().contains(secret), wrongArgs.getMessage());
    }

    @Test
    void envReadsTheRunsEnvironmentAndDefersTheMocksAddress() throws Exception {
        Path f = script(
                "regions.groovy",
                """
                env REGION: 'eu'
                provider("ws://${env.HOST}/${env.REGION}") { messageTemplate '{{ prompt }}' }
                provider("${env.WST_MOCK_URL}/ws") { messageTemplate '{{ prompt }}' }
                """);
        EvalConfig c = ConfigLoader.load(f, Map.of("HOST", "h:1"));
        assertEquals("ws://h:1/eu", c.providers().get(0).id());
        assertEquals("{{ env.WST_MOCK_URL }}/ws", c.providers().get(1).id());
        assertEquals(Map.of("REGION", "eu"), c.env());
        EvalConfig set = ConfigLoader.load(f, Map.of("HOST", "h:1", "WST_MOCK_URL", "ws://m:2"));
        assertEquals("ws://m:2/ws", set.providers().get(1).id());
    }

    @Test
    void helpersWorkInsideBlocksAndAssertionsAreReusedAsClosures() throws Exception {
        EvalConfig c = load(
                PROVIDER
                        + """
                def question(n) { "question ${n}".toString() }
                def polite = { not { icontains 'stupid' } }
                test('a') {
                    vars q: question(1)
                    expect polite
                    expect { contains '1' }
                }
                """);
        TestCase t = c.tests().getFirst();
        assertEquals(Map.of("q", "question 1"), t.vars());
        assertEquals(
                List.of("not-icontains", "contains"),
                t.asserts().stream().map(AssertionSpec::typeName).toList());
    }

    @Test
    void aPromptFunctionSeesConversationWhenItsTextSaysSo() throws Exception {
        EvalConfig c = load(
                PROVIDER
                        + """
                prompt { vars, provider -> "Q: ${vars.q}".toString() }
                prompt(label: 'history') { vars, provider -> (vars._conversation ?: []).size() + ' turns' }
                """);
        assertFalse(c.prompts().get(0).usesConversation());
        assertTrue(c.prompts().get(1).usesConversation(), c.prompts().get(1).raw());
        assertEquals("history", c.prompts().get(1).label());
        assertEquals("Q: x", c.prompts().get(0).function().orElseThrow().render(Map.of("q", "x"), Map.of()));
    }

    @Test
    void aFunctionCalledAfterTheScriptCannotChangeTheSuite() throws Exception {
        EvalConfig c = load(
                """
                provider('ws://127.0.0.1:1/ws') {
                    messageTemplate '{{ prompt }}'
                    transformResponse { data, ctx -> description('changed'); data }
                }
                """);
        ResponseTransform t =
                (ResponseTransform) c.providers().getFirst().config().get("transformResponse");
        ConfigException e = assertThrows(ConfigException.class, () -> t.apply("x", CallContext.EMPTY));
        assertTrue(e.problem().startsWith("the suite is finished"), e.problem());
    }

    @Test
    void anExceptionInAPromptFunctionNamesTheScriptLine() throws Exception {
        EvalConfig c =
                load(PROVIDER + "prompt { vars, provider -> throw new IllegalStateException('no ' + vars.q) }\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> c.prompts().getFirst().function().orElseThrow().render(Map.of("q", "luck"), Map.of()));
        assertEquals(4, e.line().getAsInt());
        assertEquals("IllegalStateException: no luck", e.problem());
    }

    @Test
    void yamlAndGroovyConfigsMerge() throws Exception {
        Path yaml =
                script("a.yaml", "prompts: ['{{ q }}']\nproviders: [ws://127.0.0.1:1/a]\ntests: [{vars: {q: 1}}]\n");
        Path groovy = script("b.groovy", "provider 'ws://127.0.0.1:1/b'\ntest { vars q: 2 }\nenv K: 'b'\n");
        EvalConfig c = ConfigLoader.load(List.of(yaml, groovy), Map.of());
        assertEquals(
                List.of("ws://127.0.0.1:1/a", "ws://127.0.0.1:1/b"),
                c.providers().stream().map(p -> p.id()).toList());
        assertEquals(2, c.tests().size());
        assertEquals("b", c.env().get("K"));
        assertEquals(List.of(yaml, groovy), c.files());
    }

    @Test
    void yamlWarnsAboutAMisspelledProviderOptionWhereAScriptFails() throws Exception {
        Path yaml = script(
                "c.yaml",
                """
                prompts: ['{{ q }}']
                providers:
                  - id: '{{ env.WST_MOCK_URL }}/ws'
                    config:
                      messageTemplate: '{{ prompt }}'
                      timeoutMS: 5
                  - id: openai:realtime:gpt-realtime
                    config: {apiKey: k, temprature: 0.2}
                """);
        EvalConfig c = ConfigLoader.load(yaml, Map.of());
        assertEquals(
                List.of(
                        yaml + ":6: providers[0].config.timeoutMS: not an option of ws://, wss://, websocket://"
                                + " (WebSocket) providers (did you mean 'timeoutMs'?), ignored",
                        yaml + ":8: providers[1].config.temprature: not an option of openai:realtime:<model> providers"
                                + " (did you mean 'temperature'?), ignored"),
                c.warnings());
    }

    @Test
    void aScriptMayNameItsBaseClassForAnIde() throws Exception {
        EvalConfig c = load("@groovy.transform.BaseScript io.github.wstoolkit.dsl.EvalScript suite\n" + PROVIDER);
        assertEquals(1, c.providers().size());
        ConfigException e = fails("@groovy.transform.BaseScript io.github.wstoolkit.dsl.RunScript script\n" + PROVIDER);
        assertTrue(e.problem().startsWith("is a wst run script (its base class is RunScript)"), e.problem());
    }

    @Test
    void aClosureInNamedArgumentsShowsItsTextToo() throws Exception {
        EvalConfig c = load(
                PROVIDER
                        + """
                test {
                    expect {
                        equals 'yes', weight: 2,
                                transform: { output, context -> output.contains('y') ? 'yes' : 'no' }
                    }
                }
                """);
        AssertionSpec a = c.tests().getFirst().asserts().getFirst();
        assertEquals(
                "{ output, context -> output.contains('y') ? 'yes' : 'no' }",
                a.transform().orElseThrow().toString());
        assertEquals("yes", a.transform().orElseThrow().evaluate("y", Map.of()));
    }
}
