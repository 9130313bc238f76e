package io.github.wstoolkit.groovy.internal;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyRuntimeException;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.github.wstoolkit.groovy.GroovyConsole;
import io.github.wstoolkit.groovy.GroovyConsoleException;
import io.github.wstoolkit.groovy.GroovyJson;
import io.github.wstoolkit.groovy.GroovyValues;
import io.github.wstoolkit.groovy.GroovyWarmUp;
import io.github.wstoolkit.groovy.InterruptChecks;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.syntax.SyntaxException;

/** The implementation of {@link GroovyConsole}: one class loader, one binding, snippets compiled one by one. */
public final class ConsoleScripts {

    private static final String OUT = "out";
    private static final String JSON = "JSON";

    /** {@code def x = …} / {@code var x = …} at the start of a snippet: kept in the binding instead. */
    private static final Pattern LEADING_DECLARATION =
            Pattern.compile("^(\\s*)(?:def|var)\\s+([A-Za-z_$][\\w$]*)(\\s*=)");

    /** Groovy's "No such property: x for class: ConsoleN" names our generated class, which means nothing to a user. */
    private static final Pattern FOR_CLASS = Pattern.compile(" for class: Console\\d+\\b");

    private final GroovyClassLoader loader;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final Binding binding = new Binding(variables);
    private final AtomicInteger counter = new AtomicInteger();

    public ConsoleScripts() {
        GroovyWarmUp.await();
        CompilerConfiguration config = new CompilerConfiguration();
        ImportCustomizer imports = new ImportCustomizer();
        imports.addImports("groovy.json.JsonSlurper", "groovy.json.JsonOutput");
        // loops and closures check Thread.interrupted(), so the host can stop a runaway snippet
        config.addCompilationCustomizers(imports, new InterruptChecks());
        this.loader = new GroovyClassLoader(ConsoleScripts.class.getClassLoader(), config);
        reset();
    }

    public synchronized Object evaluate(String snippet) throws GroovyConsoleException, InterruptedException {
        String text = persistLeadingDeclaration(snippet);
        String name = "Console" + counter.incrementAndGet() + ".groovy";
        Class<?> cls;
        try {
            cls = loader.parseClass(new GroovyCodeSource(text, name, "/groovy/console"), false);
        } catch (CompilationFailedException e) {
            throw compileError(e);
        }
        Script script;
        try {
            script = (Script) cls.getConstructor(Binding.class).newInstance(binding);
        } catch (InvocationTargetException e) {
            throw runtimeError(e.getCause(), name);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new GroovyConsoleException(
                    GroovyConsoleException.Kind.RUNTIME, "cannot run the snippet: " + e, 0, 0, e);
        }
        try {
            return GroovyValues.plain(script.run());
        } catch (InvokerInvocationException e) {
            throw runtimeError(e.getCause(), name);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // @ThreadInterrupt throws InterruptedException from inside the snippet (undeclared, so caught here)
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw runtimeError(e, name);
        }
    }

    static String persistLeadingDeclaration(String snippet) {
        Matcher m = LEADING_DECLARATION.matcher(snippet);
        if (!m.find()) {
            return snippet;
        }
        return m.group(1) + m.group(2) + m.group(3) + snippet.substring(m.end());
    }

    public synchronized void setVariable(String name, Object value) {
        binding.setVariable(name, value);
    }

    public synchronized Optional<Object> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    public synchronized Set<String> variableNames() {
        Set<String> names = new LinkedHashSet<>(variables.keySet());
        names.remove(OUT);
        return Collections.unmodifiableSet(names);
    }

    public synchronized Map<String, Object> variables() {
        Map<String, Object> copy = new LinkedHashMap<>(variables);
        copy.remove(OUT);
        return Collections.unmodifiableMap(copy);
    }

    public synchronized void reset() {
        Object out = variables.get(OUT);
        variables.clear();
        variables.put(JSON, GroovyJson.INSTANCE);
        variables.put(OUT, out != null ? out : new PrintWriter(Writer.nullWriter(), true));
    }

    public synchronized void setOutput(Writer out) {
        variables.put(OUT, out instanceof PrintWriter pw ? pw : new PrintWriter(out, true));
    }

    private static GroovyConsoleException compileError(CompilationFailedException e) {
        int line = 0;
        int column = 0;
        String problem = firstLine(e.getMessage());
        if (e instanceof MultipleCompilationErrorsException m
                && m.getErrorCollector().getErrorCount() > 0) {
            Message first = m.getErrorCollector().getError(0);
            if (first instanceof SyntaxErrorMessage sem) {
                SyntaxException se = sem.getCause();
                line = se.getLine();
                column = se.getStartColumn();
                problem = firstLine(se.getOriginalMessage());
            } else if (first instanceof ExceptionMessage em && em.getCause() != null) {
                problem = firstLine(em.getCause().getMessage());
            }
        }
        return new GroovyConsoleException(GroovyConsoleException.Kind.COMPILE, problem, line, column, e);
    }

    private static GroovyConsoleException runtimeError(Throwable t, String scriptName) {
        int line = 0;
        for (StackTraceElement el : t.getStackTrace()) {
            if (scriptName.equals(el.getFileName()) && el.getLineNumber() > 0) {
                line = el.getLineNumber();
                break;
            }
        }
        String message = t.getMessage();
        String problem;
        if (t instanceof MissingPropertyException || t instanceof MissingMethodException) {
            problem = FOR_CLASS.matcher(firstLine(message)).replaceAll("");
        } else if (t instanceof GroovyRuntimeException && message != null) {
            problem = firstLine(message);
        } else if (message == null || message.isBlank()) {
            problem = t.getClass().getSimpleName();
        } else {
            problem = t.getClass().getSimpleName() + ": " + firstLine(message);
        }
        return new GroovyConsoleException(GroovyConsoleException.Kind.RUNTIME, problem, line, 0, t);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        // the compiler's message starts with "startup failed:\nConsole3.groovy: 1: ..."; keep the useful line
        if (t.startsWith("startup failed:")) {
            t = t.substring("startup failed:".length()).strip();
            t = t.replaceFirst("^Console\\d+\\.groovy: \\d+: ", "");
        }
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).strip();
    }
}
