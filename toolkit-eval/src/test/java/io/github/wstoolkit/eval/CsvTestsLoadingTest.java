package io.github.wstoolkit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.api.transform.TransformSource;
import io.github.wstoolkit.eval.internal.CompactList;
import io.github.wstoolkit.eval.internal.CsvTests;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests of a CSV file are held as the file's bytes and an offset per row ({@link CsvTests}) and read into the
 * same {@link TestCase}s the rows always gave; every row is still checked when the config is loaded, and nothing that
 * passes the tests on (merging configs, filters, shards, the run's plan) copies them into a list of tests.
 */
class CsvTestsLoadingTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private EvalConfig load(String csv, TransformCompiler compiler) throws Exception {
        Path f = write("t.csv", csv);
        Path config = write("c.yaml", "prompts: ['{{ q }}']\nproviders: [echo]\ntests: file://" + f.getFileName());
        return compiler == null ? ConfigLoader.load(config, Map.of()) : ConfigLoader.load(config, Map.of(), compiler);
    }

    @Test
    void everyColumnOfEveryRowGivesTheTestItAlwaysGaveEachTimeItIsRead() throws Exception {
        var compiler = new InjectedCompilerTest.ContainsCompiler();
        String csv = "\uFEFFq,__expected,__expected2,__description,__metric,__threshold,__metadata:topic,__note\r\n"
                + "hello,contains: hello,groovy: code-a,greets,tone,0.5,smalltalk,n1\r\n"
                + "\r\n"
                + "\"multi\nline, \"\"quoted\"\"\",\"levenshtein(3):Grüße, 日本\",groovy: code-a,,,0.25,,\r\n"
                + "plain,,,,,1,,\r\n"
                + "last,latency:250,javascript: code-b,d,,1,x,y";
        EvalConfig config = load(csv, compiler);
        String file = dir.resolve("t.csv").toString();
        List<TestCase> tests = config.tests();
        assertInstanceOf(CsvTests.class, tests, "a CSV file's tests are held compactly");
        assertEquals(4, tests.size(), "the blank line is no test");

        TestCase first = tests.get(0);
        assertEquals(Optional.of("greets"), first.description());
        assertEquals(Map.of("q", "hello"), first.vars());
        assertEquals(Map.of("topic", "smalltalk"), first.metadata());
        assertEquals(OptionalDouble.of(0.5), first.threshold());
        assertEquals(file + ":2", first.location());
        assertEquals(2, first.asserts().size());
        AssertionSpec contains = first.asserts().get(0);
        assertEquals(AssertionType.CONTAINS, contains.type());
        assertEquals(" hello", contains.value());
        assertEquals(Optional.of("tone"), contains.metric());
        assertEquals(file + ":2", contains.location());
        assertEquals(AssertionType.GROOVY, first.asserts().get(1).type());
        assertEquals("code-a", first.asserts().get(1).value());

        // the blank row counts: the next test is the file's row 4, as it always was
        TestCase quoted = tests.get(1);
        assertEquals(Map.of("q", "multi\nline, \"quoted\""), quoted.vars());
        assertEquals(file + ":4", quoted.location());
        AssertionSpec similar = quoted.asserts().getFirst();
        assertEquals(AssertionType.LEVENSHTEIN, similar.type());
        assertEquals("Grüße, 日本", similar.value());
        assertEquals(OptionalDouble.of(3), similar.threshold());
        assertEquals(Optional.of(""), quoted.description(), "an empty description cell is an empty description");
        assertEquals(OptionalDouble.of(0.25), quoted.threshold());
        assertEquals(Map.of("topic", ""), quoted.metadata());
        assertEquals(Map.of("q", "plain"), tests.get(2).vars());
        assertEquals(List.of(), tests.get(2).asserts(), "empty expected cells are no assertions");

        TestCase last = tests.get(3);
        assertEquals(file + ":6", last.location(), "the last row needs no line break");
        assertEquals(AssertionType.LATENCY, last.asserts().get(0).type());
        assertEquals(OptionalDouble.of(250), last.asserts().get(0).threshold());
        assertEquals(AssertionType.JAVASCRIPT, last.asserts().get(1).type());

        // an unsupported column is warned about once per row, when the file is read (as before)
        assertEquals(
                List.of(
                        file + ":2: column __note is not supported, ignored",
                        file + ":4: column __note is not supported, ignored",
                        file + ":5: column __note is not supported, ignored",
                        file + ":6: column __note is not supported, ignored"),
                config.warnings());

        // each read makes a new test, equal to the last, and compiles nothing: the code was compiled once for each
        // text when the file was read, and every read gives that function back
        for (int i = 0; i < tests.size(); i++) {
            assertEquals(tests.get(i), tests.get(i));
            assertNotSame(tests.get(i), tests.get(i));
        }
        assertEquals(List.of(file + ":2=code-a", file + ":6=code-b"), compiler.compiled);
        AssertionFunction a = first.asserts().get(1).function().orElseThrow();
        assertSame(a, tests.get(0).asserts().get(1).function().orElseThrow());
        assertSame(a, tests.get(1).asserts().get(1).function().orElseThrow(), "the same code, the same function");
        assertEquals(2, compiler.compiled.size());
        assertEquals(tests, List.copyOf(tests), "iterating gives what get gives");
    }

    @Test
    void aTsvFileAndAFileWithoutRowsAreReadAsBefore() throws Exception {
        write("t.tsv", "q\t__expected\na,b\tequals:x\n");
        EvalConfig tsv = ConfigLoader.parse("prompts: [hi]\nproviders: [echo]\ntests: file://t.tsv\n", dir);
        assertEquals(Map.of("q", "a,b"), tsv.tests().getFirst().vars());
        write("h.csv", "q,__expected\n\n");
        EvalConfig header = ConfigLoader.parse("prompts: [hi]\nproviders: [echo]\ntests: file://h.csv\n", dir);
        assertEquals(List.of(), header.tests());
        write("e.csv", "");
        assertEquals(
                List.of(),
                ConfigLoader.parse("prompts: [hi]\nproviders: [echo]\ntests: file://e.csv\n", dir)
                        .tests());
    }

    @Test
    void aBadRowIsStillFoundWhenTheConfigIsLoadedAndNamesFileRowAndColumn() throws Exception {
        ConfigException threshold =
                assertThrows(ConfigException.class, () -> load("q,__threshold\na,0.5\n\nb,lots\nc,1\n", null));
        assertEquals("__threshold is not a number: lots", threshold.problem());
        assertEquals(Optional.of(dir.resolve("t.csv")), threshold.file());
        assertEquals(OptionalInt.of(4), threshold.line());
        assertEquals(OptionalInt.of(2), threshold.column());
        assertEquals(Optional.of("__threshold"), threshold.key());

        ConfigException timing =
                assertThrows(ConfigException.class, () -> load("q,__expected\na,equals:a\nb,latency:soon\n", null));
        assertTrue(timing.getMessage().contains(dir.resolve("t.csv") + ":3"), timing.getMessage());
        assertTrue(timing.getMessage().contains("needs a number of milliseconds, got: soon"), timing.getMessage());

        ConfigException quote = assertThrows(ConfigException.class, () -> load("q,__expected\na,b\n\"c\nd,e\n", null));
        assertTrue(quote.getMessage().contains("line 3: a quoted cell is not closed"), quote.getMessage());

        Files.write(dir.resolve("t.csv"), new byte[] {'q', '\n', (byte) 0xC3, '(', '\n'});
        ConfigException notUtf8 = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse("prompts: [hi]\nproviders: [echo]\ntests: file://t.csv\n", dir));
        assertTrue(notUtf8.getMessage().contains("cannot read " + dir.resolve("t.csv")), notUtf8.getMessage());
    }

    @Test
    void codeThatDoesNotCompileInARowFailsTheLoadNamingTheRow() throws Exception {
        var compiler = new BreakingCompiler();
        String csv = "q,__expected\na,groovy: fine\nb,groovy: broken(\n";
        ConfigException groovy = assertThrows(ConfigException.class, () -> load(csv, compiler));
        assertTrue(groovy.getMessage().contains(dir.resolve("t.csv") + ":3"), groovy.getMessage());
        ConfigException js =
                assertThrows(ConfigException.class, () -> load("q,__expected\na,javascript: broken(\n", compiler));
        assertTrue(js.getMessage().contains(dir.resolve("t.csv") + ":2"), js.getMessage());
        assertTrue(js.getMessage().contains("does not compile as Groovy"), js.getMessage());
    }

    /** Code with a parenthesis does not compile; the rest compiles as {@link InjectedCompilerTest.ContainsCompiler}. */
    static final class BreakingCompiler implements TransformCompiler {
        private final InjectedCompilerTest.ContainsCompiler compiler = new InjectedCompilerTest.ContainsCompiler();

        @Override
        public String language() {
            return "breaking";
        }

        @Override
        public AssertionFunction assertion(TransformSource source) {
            if (source.text().contains("(")) {
                throw ConfigException.forKey(source.option(), "unexpected token: (");
            }
            return compiler.assertion(source);
        }

        @Override
        public ResponseTransform responseTransform(TransformSource source) {
            return compiler.responseTransform(source);
        }

        @Override
        public StreamResponse streamResponse(TransformSource source) {
            return compiler.streamResponse(source);
        }

        @Override
        public StreamTransform streamTransform(TransformSource source) {
            return compiler.streamTransform(source);
        }

        @Override
        public PromptFunction promptFunction(TransformSource source) {
            return compiler.promptFunction(source);
        }

        @Override
        public FunctionCallHandler functionCallHandler(TransformSource source) {
            return compiler.functionCallHandler(source);
        }

        @Override
        public TemplateFilter templateFilter(TransformSource source) {
            return compiler.templateFilter(source);
        }
    }

    /**
     * What is retained, shown by structure: the compact list's fields can hold no test (its bytes, offsets, the
     * header and the compiled functions), and every list made of it (merged configs, filters, shards, sub-lists)
     * holds it and positions, not tests.
     */
    @Test
    void theListHoldsTheFileNotItsTestsAndWhatIsMadeOfItStaysCompact() throws Exception {
        Set<Class<?>> allowed = Set.of(Path.class, String.class, byte[].class, char.class, String[].class, int[].class);
        for (Field f : CsvTests.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            assertTrue(
                    allowed.contains(f.getType())
                            || (f.getType() == Map.class
                                    && f.getGenericType().getTypeName().endsWith("AssertionFunction>")),
                    "CsvTests." + f.getName() + " is a " + f.getGenericType());
        }

        StringBuilder csv = new StringBuilder("q,__expected,__metadata:conversationId\n");
        for (int i = 0; i < 50; i++) {
            csv.append("case ").append(i).append(",equals:case ").append(i).append(",\n");
        }
        EvalConfig a = load(csv.toString(), null);
        assertEquals(dir.resolve("t.csv") + ":9", a.tests().get(7).location(), "row 9 of a file without blank rows");
        EvalConfig b = ConfigLoader.parse(
                "prompts: [hi]\nproviders: [echo]\ntests: [file://t.csv, {vars: {q: inline}}, file://t.csv]\n", dir);
        assertEquals(101, b.tests().size());
        assertInstanceOf(CompactList.class, b.tests());
        assertEquals(a.tests().get(7), b.tests().get(7));
        assertEquals(Map.of("q", "inline"), b.tests().get(50).vars());
        assertEquals(a.tests().get(7), b.tests().get(58));
        // each read of a file's test makes it anew: joined with inline tests, the file's part was not copied
        assertNotSame(b.tests().get(0), b.tests().get(0));
        assertNotSame(b.tests().get(100), b.tests().get(100));
        assertSame(b.tests().get(50), b.tests().get(50), "an inline test is held");
        List<TestCase> joined = LazyLists.concat(List.of(a.tests(), List.of(TestCase.EMPTY), List.of()));
        assertEquals(51, joined.size());
        assertEquals(a.tests().get(49), joined.get(49));
        assertSame(TestCase.EMPTY, joined.get(50));
        assertNotSame(joined.get(0), joined.get(0));
        assertSame(a.tests(), LazyLists.concat(List.of(List.of(), a.tests())), "one part is the part itself");

        EvalConfig merged = EvalConfig.merge(List.of(a, b));
        assertInstanceOf(CompactList.class, merged.tests());
        assertNotSame(merged.tests().get(3), merged.tests().get(3));
        assertEquals(151, merged.tests().size());
        List<TestCase> expected = new ArrayList<>(a.tests());
        expected.addAll(b.tests());
        assertEquals(expected, merged.tests());

        List<TestCase> picked = LazyLists.select(merged.tests(), new int[] {120, 3, 3});
        assertInstanceOf(CompactList.class, picked);
        assertEquals(
                List.of(merged.tests().get(120), a.tests().get(3), a.tests().get(3)), picked);
        List<TestCase> again = LazyLists.select(picked, new int[] {1});
        assertEquals(List.of(a.tests().get(3)), again);
        assertInstanceOf(CompactList.class, merged.tests().subList(10, 20));
        assertEquals(expected.subList(10, 20), merged.tests().subList(10, 20));
        assertEquals(a.tests().subList(48, 50), LazyLists.range(a.tests(), 48, 50));
        assertSame(
                merged.tests(),
                EvalConfig.builder().tests(merged.tests()).build().tests(),
                "a config keeps a compact list as it is");
        assertThrows(UnsupportedOperationException.class, () -> merged.tests().add(TestCase.EMPTY));
        assertThrows(IndexOutOfBoundsException.class, () -> merged.tests().get(151));
        assertThrows(IndexOutOfBoundsException.class, () -> LazyLists.select(a.tests(), new int[] {50}));
    }

    @Test
    void aPlanMakesEachExpansionOfListVarsAloneAsTheWholeExpansionGivesIt() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("a", List.of(1, 2, 3));
        vars.put("plain", "x");
        vars.put("_conversation", List.of("kept"));
        vars.put("empty", List.of());
        vars.put("b", List.of("p", "q"));
        vars.put("nothing", null);
        List<Map<String, Object>> all = EvalPlanTest.wholeExpansion(vars);
        assertEquals(6, all.size());
        assertEquals(6, EvalPlan.expansionCount(vars));
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i), EvalPlan.expandedVars(vars, i), "expansion " + i);
            assertEquals(
                    new ArrayList<>(all.get(i).keySet()),
                    new ArrayList<>(EvalPlan.expandedVars(vars, i).keySet()));
        }
    }
}
