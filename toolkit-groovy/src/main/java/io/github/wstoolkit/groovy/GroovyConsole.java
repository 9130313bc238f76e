package io.github.wstoolkit.groovy;

import io.github.wstoolkit.groovy.internal.ConsoleScripts;
import java.io.Writer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates Groovy at an interactive prompt: each {@link #evaluate} runs one snippet (an expression, statements, a
 * closure call) in a binding that persists across snippets, so {@code x = 41} on one line and {@code x + 1} on the
 * next give 42. The host puts its own objects into the binding with {@link #setVariable} (the shell binds
 * {@code last}, {@code frames}, {@code vars} and {@code ws}).
 *
 * <pre>{@code
 * GroovyConsole groovy = GroovyConsole.create();
 * groovy.setVariable("last", Map.of("choices", List.of(Map.of("text", "hi"))));
 * Object v = groovy.evaluate("last.choices[0].text");   // "hi"
 * }</pre>
 *
 * <p>As in a Groovy script, a variable assigned without a declaration ({@code x = 1}) lives in the binding, while a
 * declared one would be local to its snippet; for the console's sake a snippet that <em>starts</em> with
 * {@code def x = …} or {@code var x = …} is taken as {@code x = …}, so it persists too.
 *
 * <p>Every snippet sees {@code JSON} ({@code JSON.parse}, {@code JSON.stringify}) and has
 * {@code groovy.json.JsonSlurper} and {@code JsonOutput} imported, as transforms do. Loops check the thread's
 * interrupt flag, so a runaway snippet stops when its thread is interrupted. Results are plain Java values where
 * they can be (GStrings become Strings, arrays Lists); other objects come back as they are.
 *
 * <p>Snippets run one at a time (calls are serialised); the binding is not shared with other consoles. Snippets are
 * trusted code with the rights of the process, as transforms are.
 */
public final class GroovyConsole {

    private final ConsoleScripts scripts;

    private GroovyConsole(ConsoleScripts scripts) {
        this.scripts = scripts;
    }

    /** A console with an empty binding (apart from {@code JSON}). */
    public static GroovyConsole create() {
        return new GroovyConsole(new ConsoleScripts());
    }

    /**
     * Runs a snippet and returns its value: the value of its last expression, converted to plain Java values where
     * possible; {@code null} for a statement without a value.
     *
     * @throws GroovyConsoleException when the snippet does not compile (with line and column) or throws (with the
     *     line of the snippet where it failed, when known)
     * @throws InterruptedException when the calling thread was interrupted while the snippet ran
     */
    public Object evaluate(String snippet) throws GroovyConsoleException, InterruptedException {
        return scripts.evaluate(snippet);
    }

    /** Binds a variable (replacing a value of that name). */
    public void setVariable(String name, Object value) {
        scripts.setVariable(name, value);
    }

    /** The value bound to a name, if any (a variable bound to {@code null} is present as an empty Optional). */
    public Optional<Object> variable(String name) {
        return scripts.variable(name);
    }

    /** The names bound so far, the host's and the snippets', in the order they were first bound. */
    public Set<String> variableNames() {
        return scripts.variableNames();
    }

    /** Removes every variable a snippet or the host bound, except {@code JSON}. */
    public void reset() {
        scripts.reset();
    }

    /**
     * Where {@code println} and {@code print} in a snippet write (bound as {@code out}); by default they write to
     * nowhere, since a console's host decides where text goes.
     */
    public void setOutput(Writer out) {
        scripts.setOutput(out);
    }

    /** A snapshot of the binding's variables (for completion and display). */
    public Map<String, Object> variables() {
        return scripts.variables();
    }
}
