package io.github.wstoolkit.api.internal.template;

import static io.github.wstoolkit.api.internal.template.Undefined.UNDEFINED;

import io.github.wstoolkit.api.internal.template.Node.BoundFilter;
import io.github.wstoolkit.api.template.Template;
import io.github.wstoolkit.api.template.TemplateException;
import io.github.wstoolkit.api.template.TemplateFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a {@code TemplateEngine} holds: the filters, the globals and the cache of parsed templates. */
public final class EngineCore {

    /** promptfoo skips env rendering in strings longer than this (its regex could backtrack badly). */
    private static final int ENV_ONLY_MAX_LENGTH = 50_000;

    private static final Pattern ENV_REF = Pattern.compile("\\benv\\.|env\\[");
    private static final Pattern ENV_NAME = Pattern.compile("env\\.(\\w+)|env\\[['\"]([^'\"]+)['\"]\\]");

    private final Map<String, BoundFilter> filters;
    private final Map<String, Object> globals;
    private final Map<String, String> env;
    private final int cacheSize;
    private final ConcurrentHashMap<String, CompiledTemplate> cache = new ConcurrentHashMap<>();

    public EngineCore(
            Map<String, TemplateFilter> userFilters,
            Map<String, Object> userGlobals,
            Map<String, String> env,
            int cacheSize) {
        Map<String, BoundFilter> f = new HashMap<>(Builtins.FILTERS);
        userFilters.forEach((name, filter) -> f.put(name, adapt(filter)));
        this.filters = Map.copyOf(f);
        this.env = Map.copyOf(env);
        Map<String, Object> g = new HashMap<>(Builtins.globals());
        g.put("env", this.env);
        g.putAll(userGlobals);
        this.globals = java.util.Collections.unmodifiableMap(g);
        this.cacheSize = cacheSize;
    }

    public Map<String, String> env() {
        return env;
    }

    public Template compile(String source) {
        if (cacheSize == 0) {
            return parse(source);
        }
        CompiledTemplate cached = cache.get(source);
        if (cached != null) {
            return cached;
        }
        CompiledTemplate parsed = parse(source);
        if (cache.size() >= cacheSize) {
            Iterator<String> it = cache.keySet().iterator();
            for (int i = 0; i < Math.max(1, cacheSize / 8) && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
        }
        CompiledTemplate raced = cache.putIfAbsent(source, parsed);
        return raced != null ? raced : parsed;
    }

    private CompiledTemplate parse(String source) {
        try {
            return new CompiledTemplate(source, new Parser(source, filters::get).parseTemplate(), globals);
        } catch (StackOverflowError e) {
            throw new TemplateException("the template nests too deeply to parse", 0, 0, null);
        }
    }

    /** promptfoo's renderEnvOnlyInObject for one string. */
    public String renderEnvOnly(String text) {
        if (text.length() > ENV_ONLY_MAX_LENGTH || !text.contains("{{")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        while (true) {
            int start = text.indexOf("{{", pos);
            if (start < 0) {
                break;
            }
            int end = text.indexOf("}}", start + 2);
            if (end < 0) {
                break;
            }
            String match = text.substring(start, end + 2);
            out.append(text, pos, start).append(renderEnvMatch(match));
            pos = end + 2;
        }
        out.append(text, pos, text.length());
        return out.toString();
    }

    private String renderEnvMatch(String match) {
        if (!ENV_REF.matcher(match).find()) {
            return match;
        }
        Matcher m = ENV_NAME.matcher(match);
        String name = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
        boolean hasFilter = match.contains("|");
        if (hasFilter || (name != null && env.containsKey(name))) {
            try {
                return compile(match).render(Map.of("env", env));
            } catch (TemplateException e) {
                return match;
            }
        }
        return match;
    }

    private static BoundFilter adapt(TemplateFilter filter) {
        return (value, args) -> {
            List<Object> plainArgs = new ArrayList<>(args.size());
            for (Object a : args) {
                plainArgs.add(toPlain(a));
            }
            return filter.apply(toPlain(value), java.util.Collections.unmodifiableList(plainArgs));
        };
    }

    /** A value as a user filter sees it: undefined becomes null, SafeStrings plain strings, deeply. */
    static Object toPlain(Object v) {
        if (v == UNDEFINED) {
            return null;
        }
        if (v instanceof SafeString s) {
            return s.val();
        }
        if (v instanceof Map<?, ?> map && needsCopy(map.values())) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, val) -> copy.put(String.valueOf(k), toPlain(val)));
            return copy;
        }
        if (v instanceof Collection<?> c && needsCopy(c)) {
            List<Object> copy = new ArrayList<>(c.size());
            c.forEach(item -> copy.add(toPlain(item)));
            return copy;
        }
        return v;
    }

    private static boolean needsCopy(Collection<?> values) {
        for (Object v : values) {
            if (v == UNDEFINED || v instanceof SafeString) {
                return true;
            }
            if ((v instanceof Map<?, ?> m && needsCopy(m.values())) || (v instanceof Collection<?> c && needsCopy(c))) {
                return true;
            }
        }
        return false;
    }
}
