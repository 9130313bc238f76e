package io.github.wstoolkit.groovy.internal;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.Script;
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
import io.github.wstoolkit.groovy.GroovyFunctions;
import io.github.wstoolkit.groovy.GroovyJson;
import io.github.wstoolkit.groovy.GroovyValues;
import io.github.wstoolkit.groovy.GroovyWarmUp;
import io.github.wstoolkit.groovy.InterruptChecks;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Groovy as the transform language (the api's {@link TransformCompiler}).
 *
 * <p>A config value is one of:
 *
 * <ul>
 *   <li>a closure {@code { acc, event, ctx -> ... }}, a Java-style lambda {@code (acc, event, ctx) -> { ... }} or
 *       {@code x -> ...}, promptfoo's JavaScript arrow with parentheses {@code (acc, data, ctx) => ...} (the
 *       {@code =>} becomes {@code ->}; promptfoo's own test is {@code ^(\(.*?\)\s*=>|function\s*\(.*?\))}), or
 *       {@code function (a, b) { ... }}: compiled and evaluated once to a closure, then called with the transform's
 *       arguments (as many as the closure declares);
 *   <li>an expression ({@code data.choices[0].message.content}) or a body with {@code return}: compiled once to a
 *       script class, run per call with the arguments bound by name;
 *   <li>{@code file://path.groovy} or {@code file://path.groovy:name}: the script is run once; {@code name} is a
 *       closure variable or a method of the script; without a name, the script's last expression (a closure), its
 *       only closure variable, or its only method.
 * </ul>
 *
 * <p>Compiled classes are cached by source text, in memory and, when {@link io.github.wstoolkit.groovy.GroovyCompileCache}
 * names a folder, on disk for the next process. Every transform sees {@code JSON} ({@code JSON.parse},
 * {@code JSON.stringify}) and has {@code groovy.json.JsonSlurper} and {@code JsonOutput} imported.
 */
public final class GroovyTransformCompiler implements TransformCompiler {

    private static final Pattern JS_ARROW = Pattern.compile("^\\((.*?)\\)\\s*=>");
    private static final Pattern JS_FUNCTION = Pattern.compile("^function\\s*\\((.*?)\\)\\s*\\{");
    private static final Pattern LAMBDA = Pattern.compile("^(\\((.*?)\\)|[A-Za-z_$][\\w$]*)\\s*->");
    private static final String RETURN = "return ";

    private final CachingLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger groovyCompiles = new AtomicInteger();

    public GroovyTransformCompiler() {
        GroovyWarmUp.await();
        CompilerConfiguration config = new CompilerConfiguration();
        LazyImports imports = new LazyImports(List.of("groovy.json.JsonSlurper", "groovy.json.JsonOutput"), List.of());
        // loops, closures and methods check for interruption (Groovy's @ThreadInterrupt), so a transform that loops
        // ends when its call's deadline interrupts it, and frees the carrier thread it would otherwise pin
        config.addCompilationCustomizers(imports, new InterruptChecks());
        this.loader = new CachingLoader(GroovyTransformCompiler.class.getClassLoader(), config);
    }

    @Override
    public String language() {
        return "groovy";
    }

    // ---------------------------------------------------------------- the transforms
    // A closure (the function forms, file:// references) is adapted by GroovyFunctions, exactly as a closure a
    // script passes; an expression or a return-body runs as a script with the arguments bound by name.

    @Override
    public ResponseTransform responseTransform(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.responseTransform(c.closure(), source.text()));
        }
        return (data, context) -> {
            Map<String, Object> ctx = Results.contextMap(context);
            return GroovyValues.plain(c.run(vars("data", data, "json", data, "context", ctx), data, ctx));
        };
    }

    @Override
    public StreamResponse streamResponse(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.streamResponse(c.closure(), source.text()));
        }
        return (accumulator, event, context) -> {
            Map<String, Object> ctx = Results.contextMap(context);
            return Results.toStep(c.run(
                    vars("accumulator", accumulator, "acc", accumulator, "data", event, "event", event, "context", ctx),
                    accumulator,
                    event,
                    ctx));
        };
    }

    @Override
    public StreamTransform streamTransform(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.streamTransform(c.closure(), source.text()));
        }
        return (message, messages, context) -> {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", message);
            ctx.put("messages", messages);
            ctx.put("vars", context.vars());
            return Results.toDecision(c.run(vars("context", ctx, "message", message, "messages", messages), ctx));
        };
    }

    @Override
    public PromptFunction promptFunction(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.promptFunction(c.closure(), source.text()));
        }
        return (vars, provider) -> {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("vars", vars);
            ctx.put("provider", provider);
            return GroovyValues.plain(c.run(vars("vars", vars, "provider", provider, "context", ctx), ctx));
        };
    }

    @Override
    public FunctionCallHandler functionCallHandler(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.functionCallHandler(c.closure(), source.text()));
        }
        return (name, argumentsJson) -> Results.handlerOutput(
                c.run(vars("name", name, "args", argumentsJson, "arguments", argumentsJson), name, argumentsJson));
    }

    @Override
    public AssertionFunction assertion(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.assertion(c.closure(), source.text()));
        }
        return (output, context) ->
                GroovyValues.plain(c.run(vars("output", output, "context", context), output, context));
    }

    @Override
    public TemplateFilter templateFilter(TransformSource source) {
        CompiledGroovy c = compile(source);
        if (c.isClosure()) {
            return adapt(source, () -> GroovyFunctions.templateFilter(c.closure(), source.text()));
        }
        return (value, args) -> GroovyValues.plain(c.run(vars("value", value, "args", args), value));
    }

    /** A closure adapted to a function; a closure with too many parameters fails now, naming the option. */
    private static <T> T adapt(TransformSource source, java.util.function.Supplier<T> adapter) {
        try {
            return adapter.get();
        } catch (IllegalArgumentException e) {
            throw configError(source, e.getMessage(), e, 0, 0);
        }
    }

    private static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---------------------------------------------------------------- compiling

    /** How many distinct sources this compiler has compiled (each once). */
    int compiledClassCount() {
        return classes.size();
    }

    /** How many times this compiler ran Groovy's compiler (a source the disk cache had is not compiled). */
    int groovyCompiles() {
        return groovyCompiles.get();
    }

    /** Compiles a source once into a closure or a script class. */
    CompiledGroovy compile(TransformSource source) {
        if (source.isFileReference()) {
            return compileFile(source);
        }
        String text = source.text().strip();
        if (text.isEmpty()) {
            throw configError(source, "is empty; give an expression, a closure or a file:// reference", null, 0, 0);
        }
        String functionText = functionForm(text);
        if (functionText != null) {
            Class<?> cls = parse(source, functionText, null, RETURN.length());
            Object value = runOnce(source, cls, null).result();
            if (!(value instanceof Closure<?> closure)) {
                throw configError(
                        source, "does not evaluate to a closure but to " + GroovyValues.describe(value), null, 0, 0);
            }
            return CompiledGroovy.ofClosure(closure);
        }
        return CompiledGroovy.ofScript(scriptConstructor(parse(source, text, null, 0)));
    }

    /** The text rewritten to evaluate to a closure, or null when it is an expression or a body. */
    static String functionForm(String text) {
        Matcher arrow = JS_ARROW.matcher(text);
        if (arrow.find()) {
            int at = text.indexOf("=>", arrow.start(1) + arrow.group(1).length());
            return RETURN + text.substring(0, at) + "->" + text.substring(at + 2);
        }
        Matcher fn = JS_FUNCTION.matcher(text);
        if (fn.find() && text.endsWith("}")) {
            String params = fn.group(1).strip();
            String body = text.substring(fn.end(), text.length() - 1);
            return RETURN + "{ " + params + " -> " + body + "}";
        }
        Matcher lambda = LAMBDA.matcher(text);
        if (lambda.find()) {
            // Groovy needs the parentheses after `return`: `x -> ...` becomes `(x) -> ...`
            return lambda.group(2) != null
                    ? RETURN + text
                    : RETURN + "(" + lambda.group(1) + ")" + text.substring(lambda.end(1));
        }
        if (text.startsWith("{")) {
            return RETURN + text;
        }
        return null;
    }

    private CompiledGroovy compileFile(TransformSource source) {
        Path file = source.file().orElseThrow();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.at(
                    source.configFile().orElse(null),
                    source.line(),
                    source.option(),
                    "File does not exist: " + file,
                    e);
        } catch (IOException e) {
            throw ConfigException.forKey(source.option(), "cannot read " + file + ": " + e.getMessage(), e);
        }
        Class<?> cls = parse(source, text, file, 0);
        Binding binding = new Binding(new HashMap<>(Map.of("JSON", GroovyJson.INSTANCE)));
        Loaded loaded = runOnce(source, cls, binding);
        Object result = loaded.result();
        Script instance = loaded.script();
        String fileName = file.getFileName().toString();
        String name = source.functionName().orElse(null);
        if (name != null) {
            if (binding.hasVariable(name) && binding.getVariable(name) instanceof Closure<?> c) {
                return CompiledGroovy.ofClosure(c);
            }
            if (hasMethod(cls, name)) {
                return CompiledGroovy.ofClosure(new org.codehaus.groovy.runtime.MethodClosure(instance, name));
            }
            throw ConfigException.at(
                    file, 0, source.option(), fileName + " must define a closure variable or a method named " + name);
        }
        if (result instanceof Closure<?> c) {
            return CompiledGroovy.ofClosure(c);
        }
        List<Closure<?>> closures = new ArrayList<>();
        for (Object v : binding.getVariables().values()) {
            if (v instanceof Closure<?> c) {
                closures.add(c);
            }
        }
        if (closures.size() == 1) {
            return CompiledGroovy.ofClosure(closures.get(0));
        }
        List<String> methods = scriptMethods(cls);
        if (closures.isEmpty() && methods.size() == 1) {
            return CompiledGroovy.ofClosure(new org.codehaus.groovy.runtime.MethodClosure(instance, methods.get(0)));
        }
        throw ConfigException.at(
                file,
                0,
                source.option(),
                fileName + " must end with a closure, or define exactly one closure or method"
                        + " (or name one: file://" + fileName + ":name)");
    }

    /** A script run once at compile time, and what it evaluated to. */
    private record Loaded(Script script, Object result) {}

    private static Loaded runOnce(TransformSource source, Class<?> cls, Binding binding) {
        Binding b = binding != null ? binding : new Binding(new HashMap<>(Map.of("JSON", GroovyJson.INSTANCE)));
        try {
            Script s = scriptConstructor(cls).newInstance(b);
            return new Loaded(s, s.run());
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw configError(source, "failed to load: " + cause, cause, 0, 0);
        }
    }

    private static boolean hasMethod(Class<?> cls, String name) {
        for (Method m : cls.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isSynthetic()) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> SCRIPT_METHODS = Set.of("run", "main");

    private static List<String> scriptMethods(Class<?> cls) {
        List<String> names = new ArrayList<>();
        for (Method m : cls.getDeclaredMethods()) {
            if (!m.isSynthetic()
                    && Modifier.isPublic(m.getModifiers())
                    && !SCRIPT_METHODS.contains(m.getName())
                    && !m.getName().startsWith("$")
                    && !m.getName().contains("$")
                    && !names.contains(m.getName())) {
                names.add(m.getName());
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked") // the Groovy compiler makes a Script subclass of every script source
    private static Constructor<? extends Script> scriptConstructor(Class<?> cls) {
        try {
            return ((Class<? extends Script>) cls).getConstructor(Binding.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a compiled Groovy script has no (Binding) constructor", e);
        }
    }

    /**
     * Parses text into a class, once per distinct text (and file).
     *
     * @param firstLineShift characters added in front of the first line (for columns in errors)
     */
    private Class<?> parse(TransformSource source, String text, Path file, int firstLineShift) {
        String key = (file == null ? "" : file.toAbsolutePath() + "\n") + text;
        Class<?> cached = classes.get(key);
        if (cached != null) {
            return cached;
        }
        String name =
                file != null ? file.getFileName().toString() : "Transform" + counter.incrementAndGet() + ".groovy";
        java.util.Optional<JsHabits.Found> js = JsHabits.find(text);
        if (js.isPresent()) {
            JsHabits.Found h = js.get();
            throw located(
                    source,
                    "is JavaScript, not Groovy: " + h.problem(),
                    null,
                    file,
                    h.line(),
                    h.column(),
                    firstLineShift);
        }
        // the fingerprint only when a cache is on: a JVM without one never reads the compiler's class files
        ClassCache on = ClassCache.current();
        ClassCache disk = on != null && Fingerprint.VALUE != null ? on : null;
        String diskKey = disk == null ? null : disk.key(Fingerprint.VALUE, file, text);
        CachingLoader.Loaded loaded = diskKey == null ? null : loader.loadCached(disk, diskKey, CODE_BASE);
        if (loaded != null) {
            Class<?> raced = classes.putIfAbsent(key, loaded.type());
            return raced != null ? raced : loaded.type();
        }
        groovyCompiles.incrementAndGet();
        try {
            CachingLoader.Compiled compiled = loader.compile(text, name, CODE_BASE);
            Class<?> cls = compiled.type();
            if (diskKey != null && compiled.classes().containsKey(cls.getName())) {
                disk.put(diskKey, new ClassCache.Entry(cls.getName(), compiled.classes()));
            }
            Class<?> raced = classes.putIfAbsent(key, cls);
            return raced != null ? raced : cls;
        } catch (CompilationFailedException e) {
            throw compileError(source, e, file, firstLineShift);
        }
    }

    /** Where compiled transforms say they come from (their code source). */
    private static final String CODE_BASE = "/groovy/transform";

    /**
     * What this compiler's classes depend on besides their text ({@link ClassCache#fingerprint}), made at the first
     * compile that uses a cache.
     */
    private static final class Fingerprint {
        static final byte[] VALUE = ClassCache.fingerprint(
                "transforms",
                List.of(GroovyTransformCompiler.class, InterruptChecks.class, ClassCache.class, CachingLoader.class));
    }

    private static ConfigException compileError(
            TransformSource source, CompilationFailedException e, Path file, int firstLineShift) {
        int line = 0;
        int column = 0;
        String problem = e.getMessage();
        if (e instanceof MultipleCompilationErrorsException m
                && m.getErrorCollector().getErrorCount() > 0) {
            Message first = m.getErrorCollector().getError(0);
            if (first instanceof SyntaxErrorMessage sem) {
                SyntaxException se = sem.getCause();
                line = se.getLine();
                column = se.getStartColumn();
                problem = se.getOriginalMessage();
            } else if (first instanceof ExceptionMessage em && em.getCause() != null) {
                problem = em.getCause().getMessage();
            }
        }
        return located(source, "does not compile: " + firstLine(problem), e, file, line, column, firstLineShift);
    }

    /** A problem at a line and column of the compiled text, placed in the config file or the transform's file. */
    private static ConfigException located(
            TransformSource source, String problem, Throwable e, Path file, int line, int column, int firstLineShift) {
        if (line == 1 && column > firstLineShift) {
            column -= firstLineShift;
        }
        if (file != null) {
            return new ConfigException(problem, e, file, line, column, source.option());
        }
        int configLine = source.line() > 0 && line > 0 ? source.line() + line - 1 : 0;
        if (source.configFile().isPresent()) {
            return new ConfigException(problem, e, source.configFile().get(), configLine, column, source.option());
        }
        // no file: say where inside the value
        return ConfigException.forKey(
                source.option(),
                problem + (line > 0 ? " (line " + line + ", column " + column + " of the value)" : ""),
                e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static ConfigException configError(
            TransformSource source, String problem, Throwable cause, int line, int column) {
        return new ConfigException(
                problem,
                cause,
                source.configFile().orElse(null),
                line > 0 ? line : source.line(),
                column,
                source.option());
    }
}
