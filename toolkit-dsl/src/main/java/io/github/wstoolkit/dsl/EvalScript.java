package io.github.wstoolkit.dsl;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.github.wstoolkit.groovy.GroovyJson;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * The base class of a Groovy eval config ({@code wst eval -c suite.groovy}): the script's top level is a
 * {@link Suite}, so a config script reads as a Gradle or Jenkins file does. Every method here is the {@link Suite}
 * method of the same name (see there); a test checks they stay the same.
 *
 * <pre>{@code
 * description 'Streaming chatbot'
 * mockServer()
 * prompt '{{ question }}'
 * provider("${env.WST_MOCK_URL}/ws-stream") {
 *     messageTemplate '{"input": {{ prompt | dump }}}'
 *     streamResponse { acc, event, ctx ->
 *         def m = JSON.parse(event.data)
 *         m.type == 'message' ? [[output: m.message], true] : [acc, false]
 *     }
 * }
 * test('greets back') {
 *     vars question: 'Hello'
 *     expect { icontains 'hello'; ttft 800 }
 * }
 * }</pre>
 *
 * <p>For an IDE: {@code @groovy.transform.BaseScript io.github.wstoolkit.dsl.EvalScript script} at the top of the
 * file (the loader accepts it), or the {@code wst.gdsl} descriptor (see docs/groovy.md).
 */
public abstract class EvalScript extends Script {

    private Suite suite;

    protected EvalScript() {}

    protected EvalScript(Binding binding) {
        super(binding);
    }

    /** Set by the loader before the script runs. */
    final void attach(Suite s) {
        this.suite = s;
    }

    private Suite suite() {
        if (suite == null) {
            throw new IllegalStateException(
                    "an EvalScript runs through wst eval or EvalScripts.load, which give it its suite");
        }
        return suite;
    }

    /** @see Suite#description(String) */
    public void description(String text) {
        suite().description(text);
    }

    /** @see Suite#mockServer() */
    public void mockServer() {
        suite().mockServer();
    }

    /** @see Suite#mockServer(boolean) */
    public void mockServer(boolean on) {
        suite().mockServer(on);
    }

    /** @see Suite#mockServer(Map) */
    public void mockServer(Map<String, ?> options) {
        suite().mockServer(options);
    }

    /** @see Suite#prompt(Object) */
    public void prompt(Object prompt) {
        suite().prompt(prompt);
    }

    /** @see Suite#prompt(Map, Object) */
    public void prompt(Map<String, ?> options, Object prompt) {
        suite().prompt(options, prompt);
    }

    /** @see Suite#prompt(Closure) */
    public void prompt(
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.util.Map", "java.util.Map"})
                    Closure<?> function) {
        suite().prompt(function);
    }

    /** @see Suite#prompt(Map, Closure) */
    public void prompt(
            Map<String, ?> options,
            @ClosureParams(
                            value = SimpleType.class,
                            options = {"java.util.Map", "java.util.Map"})
                    Closure<?> function) {
        suite().prompt(options, function);
    }

    /** @see Suite#prompts(List) */
    public void prompts(List<?> prompts) {
        suite().prompts(prompts);
    }

    /** @see Suite#provider(String) */
    public void provider(String id) {
        suite().provider(id);
    }

    /** @see Suite#provider(String, Closure) */
    public void provider(
            String id, @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        suite().provider(id, block);
    }

    /** @see Suite#provider(Map) */
    public void provider(Map<String, ?> entry) {
        suite().provider(entry);
    }

    /** @see Suite#providers(List) */
    public void providers(List<?> entries) {
        suite().providers(entries);
    }

    /** @see Suite#target(String) */
    public void target(String id) {
        suite().target(id);
    }

    /** @see Suite#target(String, Closure) */
    public void target(
            String id, @DelegatesTo(value = ProviderBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        suite().target(id, block);
    }

    /** @see Suite#targets(List) */
    public void targets(List<?> entries) {
        suite().targets(entries);
    }

    /** @see Suite#defaultTest(Closure) */
    public void defaultTest(@DelegatesTo(value = TestBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        suite().defaultTest(block);
    }

    /** @see Suite#defaultTest(Object) */
    public void defaultTest(Object file) {
        suite().defaultTest(file);
    }

    /** @see Suite#test(Closure) */
    public void test(@DelegatesTo(value = TestBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        suite().test(block);
    }

    /** @see Suite#test(String, Closure) */
    public void test(
            String description,
            @DelegatesTo(value = TestBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> block) {
        suite().test(description, block);
    }

    /** @see Suite#test(Map) */
    public void test(Map<String, ?> test) {
        suite().test(test);
    }

    /** @see Suite#tests(Object) */
    public void tests(Object files) {
        suite().tests(files);
    }

    /** @see Suite#vars(Map) */
    public void vars(Map<String, ?> vars) {
        suite().vars(vars);
    }

    /** @see Suite#env(Map) */
    public void env(Map<String, ?> variables) {
        suite().env(variables);
    }

    /** @see Suite#getEnv() */
    public Map<String, String> getEnv() {
        return suite().getEnv();
    }

    /** @see Suite#evaluateOptions(Map) */
    public void evaluateOptions(Map<String, ?> options) {
        suite().evaluateOptions(options);
    }

    /** @see Suite#outputPath(String[]) */
    public void outputPath(String... files) {
        suite().outputPath(files);
    }

    /** @see Suite#nunjucksFilter(String, Closure) */
    public void nunjucksFilter(String name, Closure<?> filter) {
        suite().nunjucksFilter(name, filter);
    }

    /** @see Suite#nunjucksFilters(Map) */
    public void nunjucksFilters(Map<String, ?> filters) {
        suite().nunjucksFilters(filters);
    }

    /** @see Suite#metadata(Map) */
    public void metadata(Map<String, ?> metadata) {
        suite().metadata(metadata);
    }

    /** @see Suite#file(String) */
    public File file(String path) {
        return suite().file(path);
    }

    /** @see Suite#getJSON() */
    public GroovyJson getJSON() {
        return suite().getJSON();
    }
}
