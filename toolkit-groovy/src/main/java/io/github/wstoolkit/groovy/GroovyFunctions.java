package io.github.wstoolkit.groovy;

import groovy.lang.Closure;
import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.template.TemplateFilter;
import io.github.wstoolkit.api.transform.AssertionFunction;
import io.github.wstoolkit.api.transform.FunctionCallHandler;
import io.github.wstoolkit.api.transform.PromptFunction;
import io.github.wstoolkit.api.transform.ResponseTransform;
import io.github.wstoolkit.api.transform.StreamDecision;
import io.github.wstoolkit.api.transform.StreamEvent;
import io.github.wstoolkit.api.transform.StreamResponse;
import io.github.wstoolkit.api.transform.StreamStep;
import io.github.wstoolkit.api.transform.StreamTransform;
import io.github.wstoolkit.groovy.internal.Results;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groovy closures as the api's functional interfaces, called exactly as the same closure written as config text
 * would be: with as many of the arguments as the closure declares, Groovy values in the result made plain
 * ({@link GroovyValues}). The transform compiler uses these for closures it compiles; the Groovy DSL for closures a
 * script passes.
 *
 * <p>Each method checks the closure's parameters up front: a closure that declares more parameters than the function
 * gives is an {@link IllegalArgumentException} naming what the function passes. {@code source} is what the function's
 * {@code toString()} returns (the closure's text, or where it was written), for reports and messages. The functions
 * are safe to call from many threads at once: the closure is never re-targeted.
 */
public final class GroovyFunctions {

    private GroovyFunctions() {}

    /** {@code { data, context -> output }}: promptfoo's {@code transformResponse}. */
    public static ResponseTransform responseTransform(Closure<?> closure, String source) {
        check(closure, 2, "transformResponse", "(data, context)");
        return new ResponseTransform() {
            @Override
            public Object apply(Object data, CallContext context) throws Exception {
                return GroovyValues.plain(Results.call(closure, data, Results.contextMap(context)));
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    /** {@code { acc, event, context -> [acc, complete] }}: promptfoo's {@code streamResponse}. */
    public static StreamResponse streamResponse(Closure<?> closure, String source) {
        check(closure, 3, "streamResponse", "(accumulator, event, context)");
        return new StreamResponse() {
            @Override
            public StreamStep apply(Object accumulator, StreamEvent event, CallContext context) throws Exception {
                return Results.toStep(Results.call(closure, accumulator, event, Results.contextMap(context)));
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    /**
     * promptfoo's unmerged streaming branch's {@code transformStream}: {@code { context -> … }} (one parameter: {@code {message, messages,
     * vars}}) or {@code { message, messages, context -> … }}; returns {@code [:]}, {@code [done: true, output: …]}
     * or {@code [done: true, error: …]}.
     */
    public static StreamTransform streamTransform(Closure<?> closure, String source) {
        check(closure, 3, "transformStream", "(context) or (message, messages, context)");
        return new StreamTransform() {
            @Override
            public StreamDecision apply(Object message, List<Object> messages, CallContext context) throws Exception {
                Object result;
                if (closure.getMaximumNumberOfParameters() <= 1) {
                    Map<String, Object> ctx = new LinkedHashMap<>();
                    ctx.put("message", message);
                    ctx.put("messages", messages);
                    ctx.put("vars", context == null ? Map.of() : context.vars());
                    result = Results.call(closure, ctx);
                } else {
                    result = Results.call(closure, message, messages, Results.contextMap(context));
                }
                return Results.toDecision(result);
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    /**
     * A prompt function: {@code { vars, provider -> text or messages }}, or {@code { context -> … }} with
     * {@code context.vars} and {@code context.provider}.
     */
    public static PromptFunction promptFunction(Closure<?> closure, String source) {
        check(closure, 2, "a prompt function", "(vars, provider) or (context)");
        return new PromptFunction() {
            @Override
            public Object render(Map<String, Object> vars, Map<String, Object> provider) throws Exception {
                Object result;
                if (closure.getMaximumNumberOfParameters() <= 1) {
                    Map<String, Object> ctx = new LinkedHashMap<>();
                    ctx.put("vars", vars);
                    ctx.put("provider", provider);
                    result = Results.call(closure, ctx);
                } else {
                    result = Results.call(closure, vars, provider);
                }
                return GroovyValues.plain(result);
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    /** {@code { name, argumentsJson -> output }}: a Realtime function-call handler; a structure is sent as JSON. */
    public static FunctionCallHandler functionCallHandler(Closure<?> closure, String source) {
        check(closure, 2, "functionCallHandler", "(name, arguments)");
        return new FunctionCallHandler() {
            @Override
            public String handle(String name, String argumentsJson) throws Exception {
                return Results.handlerOutput(Results.call(closure, name, argumentsJson));
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    /** {@code { output, context -> boolean, score or [pass:, score:, reason:] }}: a code assertion or transform. */
    public static AssertionFunction assertion(Closure<?> closure, String source) {
        check(closure, 2, "an assertion", "(output, context)");
        return new AssertionFunction() {
            @Override
            public Object evaluate(Object output, Map<String, Object> context) throws Exception {
                return GroovyValues.plain(Results.call(closure, output, context));
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    /** {@code { value, arg1, arg2 -> result }}: a template filter ({@code {{ x | name(arg1, arg2) }}}). */
    public static TemplateFilter templateFilter(Closure<?> closure, String source) {
        Objects.requireNonNull(closure, "closure");
        return new TemplateFilter() {
            @Override
            public Object apply(Object value, List<Object> args) throws Exception {
                Object[] all = new Object[args.size() + 1];
                all[0] = value;
                for (int i = 0; i < args.size(); i++) {
                    all[i + 1] = args.get(i);
                }
                return GroovyValues.plain(Results.call(closure, all));
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    private static void check(Closure<?> closure, int max, String what, String params) {
        Objects.requireNonNull(closure, "closure");
        int n = closure.getMaximumNumberOfParameters();
        if (n > max) {
            throw new IllegalArgumentException(
                    what + " is called with " + params + ", but this closure declares " + n + " parameters");
        }
    }
}
