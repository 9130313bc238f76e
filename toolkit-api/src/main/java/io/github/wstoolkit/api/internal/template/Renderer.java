package io.github.wstoolkit.api.internal.template;

import static io.github.wstoolkit.api.internal.template.Undefined.UNDEFINED;

import io.github.wstoolkit.api.internal.template.Node.*;
import io.github.wstoolkit.api.template.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One render of a parsed template: walks the tree with nunjucks' scoping (frames) and JavaScript semantics. */
final class Renderer {

    /** A scope: the template's top level, or one for-loop. {@code set} writes to the nearest frame that has the name. */
    private static final class Frame {
        final Map<String, Object> vars = new HashMap<>(8);
        final Frame parent;
        /** The render's outermost frame: a set here also replaces the render variable (context.setVariable). */
        final boolean topLevel;

        /** Writes ({@code set}) stop here and do not reach the parents: a caller body's frame. */
        final boolean isolated;

        Frame(Frame parent, boolean topLevel) {
            this(parent, topLevel, false);
        }

        Frame(Frame parent, boolean topLevel, boolean isolated) {
            this.parent = parent;
            this.topLevel = topLevel;
            this.isolated = isolated;
        }

        /**
         * Names bound like JavaScript variables (loop variables, macro parameters): nunjucks compiles references to
         * them as direct variables, so they hide outer names even while undefined. Null until the first.
         */
        java.util.Set<String> bound;

        /** Whether this frame answers for the name: a defined value, or a bound name. */
        private boolean has(String name, Object v) {
            return v != null ? v != UNDEFINED || (bound != null && bound.contains(name)) : vars.containsKey(name);
        }

        /** The value, or {@link #NOT_FOUND} when no frame has it. */
        Object lookup(String name) {
            for (Frame f = this; f != null; f = f.parent) {
                Object v = f.vars.get(name);
                if (f.has(name, v)) {
                    return v;
                }
            }
            return NOT_FOUND;
        }

        void set(String name, Object value, boolean resolveUp) {
            if (resolveUp) {
                for (Frame f = this; f != null; f = f.isolated ? null : f.parent) {
                    if (f.has(name, f.vars.get(name))) {
                        f.vars.put(name, value);
                        return;
                    }
                }
            }
            vars.put(name, value);
        }

        void bind(String name, Object value) {
            if (bound == null) {
                bound = new java.util.HashSet<>(4);
            }
            bound.add(name);
            vars.put(name, value);
        }
    }

    private static final Object NOT_FOUND = new Object();

    private final Map<String, ?> context;
    private final Map<String, Object> globals;
    private StringBuilder out;
    private Frame frame = new Frame(null, true);
    /** Variables set at the top level, which replace render variables of the same name (null until the first). */
    private Map<String, Object> contextWrites;

    Renderer(Map<String, ?> context, Map<String, Object> globals) {
        this.context = context;
        this.globals = globals;
    }

    String render(List<Stmt> body, int sizeHint) {
        out = new StringBuilder(sizeHint);
        try {
            exec(body);
        } catch (TemplateException e) {
            throw e;
        } catch (JsError e) {
            throw new TemplateException(e.getMessage(), 0, 0, e);
        } catch (StackOverflowError e) {
            throw new TemplateException("the template nests too deeply to render", 0, 0, null);
        } catch (RuntimeException e) {
            throw new TemplateException("rendering failed: " + e, 0, 0, e);
        }
        return out.toString();
    }

    private void exec(List<Stmt> body) {
        for (Stmt s : body) {
            switch (s) {
                case Text t -> out.append(t.text());
                case Output o -> out.append(Js.output(evalAt(o.expr(), o.at())));
                case If i -> exec(Js.truthy(eval(i.cond())) ? i.body() : i.orElse());
                case For f -> execFor(f);
                case Node.Set set -> {
                    Object value = set.value() != null ? eval(set.value()) : capture(set.body());
                    for (String target : set.targets()) {
                        frame.set(target, value, true);
                        if (frame.topLevel) {
                            setContextVariable(target, value);
                        }
                    }
                }
                case Switch sw -> execSwitch(sw);
                case Macro m -> {
                    MacroFunction fn = new MacroFunction(m.params(), m.kwNames(), m.kwDefaults(), m.body(), null);
                    if (frame.topLevel) {
                        setContextVariable(m.name(), fn);
                    } else {
                        frame.set(m.name(), fn, false);
                    }
                }
            }
        }
    }

    /** nunjucks' context.setVariable: top-level sets and macros also replace the render variable of that name. */
    private void setContextVariable(String name, Object value) {
        if (contextWrites == null) {
            contextWrites = new HashMap<>();
        }
        contextWrites.put(name, value);
    }

    /**
     * A macro as nunjucks' makeMacro builds it: positional parameters, then keyword parameters (extra positional
     * arguments fill them in order; keyword arguments may name positional parameters); the body renders in a fresh
     * frame that sees render variables and top-level sets but not the caller's loop variables, and the result is a
     * safe string.
     */
    private final class MacroFunction implements JsFunction {
        private final List<String> params;
        private final List<String> kwNames;
        private final List<Expr> kwDefaults;
        private final List<Stmt> body;
        /**
         * For a caller: the loop variables and parameters visible where {@code {% call %}} ran (nunjucks reaches them
         * as closure variables); null for a macro.
         */
        private final Map<String, Object> closure;

        MacroFunction(
                List<String> params,
                List<String> kwNames,
                List<Expr> kwDefaults,
                List<Stmt> body,
                Map<String, Object> closure) {
            this.params = params;
            this.kwNames = kwNames;
            this.kwDefaults = kwDefaults;
            this.body = body;
            this.closure = closure;
        }

        @Override
        public Object call(List<Object> callArgs) {
            List<Object> args = new ArrayList<>(callArgs);
            KwArgs kwargs = new KwArgs();
            if (!args.isEmpty() && args.get(args.size() - 1) instanceof KwArgs given) {
                kwargs.putAll(given);
                args.remove(args.size() - 1);
            }
            List<Object> positional = new ArrayList<>();
            if (args.size() > params.size()) {
                positional.addAll(args.subList(0, params.size()));
                List<Object> extra = args.subList(params.size(), args.size());
                for (int i = 0; i < extra.size() && i < kwNames.size(); i++) {
                    kwargs.put(kwNames.get(i), extra.get(i));
                }
            } else {
                positional.addAll(args);
                for (int i = args.size(); i < params.size(); i++) {
                    String name = params.get(i);
                    positional.add(kwargs.containsKey(name) ? kwargs.remove(name) : UNDEFINED);
                }
            }
            Frame savedFrame = frame;
            StringBuilder savedOut = out;
            // a macro starts from an empty frame; a caller from an isolated one on top of the frame calling it
            frame = closure == null ? new Frame(null, false) : new Frame(savedFrame, false, true);
            out = new StringBuilder();
            try {
                if (closure != null) {
                    closure.forEach(frame::bind);
                }
                for (int i = 0; i < params.size(); i++) {
                    frame.bind(params.get(i), positional.get(i));
                }
                for (int i = 0; i < kwNames.size(); i++) {
                    String name = kwNames.get(i);
                    Object value = kwargs.containsKey(name) ? kwargs.get(name) : eval(kwDefaults.get(i));
                    frame.set(name, value, false);
                }
                if (kwargs.containsKey("caller")) {
                    frame.set("caller", kwargs.get("caller"), false);
                }
                exec(body);
                return new SafeString(out.toString());
            } finally {
                frame = savedFrame;
                out = savedOut;
            }
        }
    }

    /** The bound names (loop variables, parameters) visible from the current frame, innermost first. */
    private Map<String, Object> boundNames() {
        Map<String, Object> names = new HashMap<>();
        for (Frame f = frame; f != null; f = f.parent) {
            if (f.bound != null) {
                for (String name : f.bound) {
                    names.putIfAbsent(name, f.vars.get(name));
                }
            }
        }
        return names;
    }

    private void execSwitch(Switch sw) {
        Object value = eval(sw.expr());
        int start = -1;
        for (int i = 0; i < sw.cases().size() && start < 0; i++) {
            if (Js.strictEquals(value, eval(sw.cases().get(i)))) {
                start = i;
            }
        }
        if (start >= 0) {
            for (int i = start; i < sw.bodies().size(); i++) {
                exec(sw.bodies().get(i));
                if (!sw.bodies().get(i).isEmpty()) {
                    return;
                }
            }
        }
        if (sw.orElse() != null) {
            exec(sw.orElse());
        }
    }

    private Object evalAt(Expr e, At at) {
        try {
            return eval(e);
        } catch (JsError err) {
            throw new TemplateException(err.getMessage(), at.line(), at.col(), err.getCause());
        }
    }

    private String capture(List<Stmt> body) {
        StringBuilder saved = out;
        out = new StringBuilder();
        try {
            exec(body);
            return out.toString();
        } finally {
            out = saved;
        }
    }

    private void execFor(For f) {
        Object arr = evalAt(f.iterable(), f.at());
        Frame saved = frame;
        frame = new Frame(saved, false);
        try {
            int len = 0;
            if (arr instanceof SafeString safe) {
                // nunjucks' fromIterator: a safe string iterates (String.prototype[Symbol.iterator]) by code point
                arr = safe.val().codePoints().mapToObj(Character::toString).toList();
            }
            if (Js.truthy(arr)) {
                Map<String, Object> loop = new LinkedHashMap<>();
                frame.vars.put("loop", loop);
                if (f.multi()) {
                    if (Js.isArray(arr)) {
                        List<?> list = Js.asList(arr);
                        len = list.size();
                        for (int i = 0; i < list.size(); i++) {
                            Object item = list.get(i);
                            for (int u = 0; u < f.names().size(); u++) {
                                if (Js.isNullish(item)) {
                                    throw new TemplateException(
                                            "cannot unpack " + Js.typeOf(item) + " (item " + i + " of the loop) into "
                                                    + String.join(", ", f.names()),
                                            f.at().line(),
                                            f.at().col(),
                                            null);
                                }
                                frame.bind(f.names().get(u), Js.member(item, u));
                            }
                            iterate(f, loop, i, len);
                        }
                    } else {
                        List<String> keys = new ArrayList<>();
                        List<Object> values = new ArrayList<>();
                        if (arr instanceof Map<?, ?> map) {
                            Js.entries(map).forEach((k, v) -> {
                                keys.add(k);
                                values.add(v);
                            });
                        } else if (arr instanceof String s) {
                            for (int i = 0; i < s.length(); i++) {
                                keys.add(String.valueOf(i));
                                values.add(String.valueOf(s.charAt(i)));
                            }
                        }
                        len = keys.size();
                        for (int i = 0; i < keys.size(); i++) {
                            frame.bind(f.names().get(0), keys.get(i));
                            frame.bind(f.names().get(1), values.get(i));
                            iterate(f, loop, i, len);
                        }
                    }
                } else if (Js.isArray(arr) || arr instanceof String) {
                    List<?> list = Js.isArray(arr) ? Js.asList(arr) : chars((String) arr);
                    len = list.size();
                    for (int i = 0; i < list.size(); i++) {
                        frame.bind(f.names().get(0), list.get(i));
                        iterate(f, loop, i, len);
                    }
                }
            }
            if (f.orElse() != null && len == 0) {
                exec(f.orElse());
            }
        } finally {
            frame = saved;
        }
    }

    private static List<Object> chars(String s) {
        List<Object> out = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.add(String.valueOf(s.charAt(i)));
        }
        return out;
    }

    private void iterate(For f, Map<String, Object> loop, int i, int len) {
        loop.put("index", i + 1);
        loop.put("index0", i);
        loop.put("revindex", len - i);
        loop.put("revindex0", len - i - 1);
        loop.put("first", i == 0);
        loop.put("last", i == len - 1);
        loop.put("length", len);
        exec(f.body());
    }

    private Object lookup(String name) {
        Object v = frame.lookup(name);
        if (v != NOT_FOUND) {
            return v;
        }
        if (contextWrites != null && contextWrites.containsKey(name)) {
            return contextWrites.get(name);
        }
        if (context.containsKey(name)) {
            return context.get(name);
        }
        return globals.getOrDefault(name, UNDEFINED);
    }

    private Object eval(Expr e) {
        return switch (e) {
            case Literal l -> l.value();
            case Symbol s -> lookup(s.name());
            case Lookup l -> Js.member(eval(l.target()), eval(l.key()));
            case FilterCall f -> filter(f);
            case Binary b -> binary(b.op(), eval(b.left()), eval(b.right()));
            case And a -> {
                Object left = eval(a.left());
                yield Js.truthy(left) ? eval(a.right()) : left;
            }
            case Or o -> {
                Object left = eval(o.left());
                yield Js.truthy(left) ? left : eval(o.right());
            }
            case Not n -> !Js.truthy(eval(n.target()));
            case InlineIf i -> Js.truthy(eval(i.cond())) ? eval(i.body()) : i.orElse() == null ? "" : eval(i.orElse());
            case ArrayLit a -> {
                List<Object> list = new ArrayList<>(a.items().size());
                for (Expr item : a.items()) {
                    list.add(eval(item));
                }
                yield list;
            }
            case DictLit d -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    map.put(d.keys().get(i), eval(d.values().get(i)));
                }
                yield map;
            }
            case KwArgsLit k -> {
                KwArgs map = new KwArgs();
                for (int i = 0; i < k.keys().size(); i++) {
                    map.put(k.keys().get(i), eval(k.values().get(i)));
                }
                yield map;
            }
            case Group g -> {
                Object last = UNDEFINED;
                for (Expr item : g.items()) {
                    last = eval(item);
                }
                yield last;
            }
            case Call c -> call(c);
            case In i -> {
                Object key = eval(i.left());
                Object val = eval(i.right());
                try {
                    yield in(key, val);
                } catch (JsError err) {
                    throw new TemplateException(err.getMessage(), i.at().line(), i.at().col(), null);
                }
            }
            case Is i -> {
                Object value = eval(i.left());
                List<Object> args = evalAll(i.args());
                try {
                    yield i.fn().test(value, args);
                } catch (JsError err) {
                    throw new TemplateException(err.getMessage(), i.at().line(), i.at().col(), null);
                }
            }
            case Floor f -> Math.floor(Js.toNumber(eval(f.inner())));
            case Pow p -> StrictMath.pow(Js.toNumber(eval(p.left())), Js.toNumber(eval(p.right())));
            case Neg n -> -Js.toNumber(eval(n.target()));
            case Plus p -> Js.toNumber(eval(p.target()));
            case Capture c -> capture(c.body());
            case CallerLit c -> new MacroFunction(c.params(), c.kwNames(), c.kwDefaults(), c.body(), boundNames());
            case Regex r -> r;
            case NjBinary b -> throw new IllegalStateException("unconverted operator " + b.op());
            case NjCompare c -> throw new IllegalStateException("unconverted comparison");
            case NjFloorDiv f -> throw new IllegalStateException("unconverted floor division");
        };
    }

    private List<Object> evalAll(List<Expr> exprs) {
        if (exprs.isEmpty()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>(exprs.size());
        for (Expr x : exprs) {
            out.add(eval(x));
        }
        return out;
    }

    private static boolean in(Object key, Object val) {
        if (Js.isArray(val)) {
            return JsMethods.indexOf(Js.asList(val), key) >= 0;
        }
        if (val instanceof String s) {
            return s.contains(Js.toStr(key));
        }
        if (val instanceof Map<?, ?> m) {
            return Js.hasKey(m, Js.propertyKey(key));
        }
        if (val instanceof SafeString safe) {
            // an object to nunjucks: `key in val` sees its own properties and the String methods it inherits
            String k = Js.propertyKey(key);
            return k.equals("val") || k.equals("length") || JsMethods.stringMethod(safe.val(), k) != UNDEFINED;
        }
        throw new JsError("cannot use 'in' to search for \"" + Js.toStr(key) + "\" in " + Builtins.describe(val)
                + ": expected an array, a string or an object");
    }

    private static Object binary(String op, Object l, Object r) {
        return switch (op) {
            case "+" -> Js.add(l, r);
            case "-" -> Js.toNumber(l) - Js.toNumber(r);
            case "*" -> Js.toNumber(l) * Js.toNumber(r);
            case "/" -> Js.toNumber(l) / Js.toNumber(r);
            case "%" -> Js.toNumber(l) % Js.toNumber(r);
            case "==" -> Js.looseEquals(l, r);
            case "!=" -> !Js.looseEquals(l, r);
            case "===" -> Js.strictEquals(l, r);
            case "!==" -> !Js.strictEquals(l, r);
            case "<" -> Js.compare(l, r) == -1;
            case ">" -> Js.compare(l, r) == 1;
            case "<=" -> {
                int c = Js.compare(l, r);
                yield c == -1 || c == 0;
            }
            case ">=" -> {
                int c = Js.compare(l, r);
                yield c == 1 || c == 0;
            }
            default -> throw new IllegalStateException("unknown operator " + op);
        };
    }

    private Object call(Call c) {
        Object fn = eval(c.fn());
        List<Object> args = evalAll(c.args());
        if (!(fn instanceof JsFunction f)) {
            String why = Js.truthy(fn) ? "which is not a function" : "which is undefined or falsey";
            throw new TemplateException("unable to call `" + c.name() + "`, " + why, c.at().line(), c.at().col(), null);
        }
        try {
            return f.call(args);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException err) {
            String msg = err instanceof JsError ? err.getMessage() : err.toString();
            throw new TemplateException("calling `" + c.name() + "` failed: " + msg, c.at().line(), c.at().col(), err);
        }
    }

    private Object filter(FilterCall f) {
        Object value = eval(f.target());
        List<Object> args = evalAll(f.args());
        try {
            return f.filter().apply(value, args);
        } catch (TemplateException e) {
            throw e;
        } catch (JsError e) {
            throw new TemplateException(
                    "filter '" + f.name() + "': " + e.getMessage(), f.at().line(), f.at().col(), e.getCause());
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new TemplateException("filter '" + f.name() + "' failed: " + msg, f.at().line(), f.at().col(), e);
        }
    }
}
