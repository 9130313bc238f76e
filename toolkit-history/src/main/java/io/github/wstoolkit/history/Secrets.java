package io.github.wstoolkit.history;

import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.eval.EvalConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values a run knows, so that none of them reaches the database even where the reports' key-based
 * redaction cannot see it (a key rendered into a sent frame, echoed in an output or an error): the values of
 * environment variables with secret-like names ({@code OPENAI_API_KEY}, {@code GITHUB_TOKEN}, {@code *_SECRET},
 * {@code *PASSWORD*}), of the config's {@code env}, of config values under secret-like keys ({@code apiKey},
 * {@code Authorization}, {@code token} …), and bearer tokens and credential-like query values written literally in
 * the config. Values shorter than {@value #MIN_LENGTH} characters are left out (they would mangle ordinary words).
 */
public final class Secrets {

    /** Shorter values are not treated as secrets. */
    public static final int MIN_LENGTH = 8;

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+([A-Za-z0-9._~+/=-]{8,})");
    private static final Pattern QUERY = Pattern.compile("[?&;]([^=&#;]+)=([^&#;\\s'\"]+)");

    private Secrets() {}

    /** The secrets of this environment and config. */
    public static Set<String> of(Map<String, String> env, EvalConfig config) {
        Set<String> out = new LinkedHashSet<>();
        env.forEach((k, v) -> {
            if (secretName(k)) {
                add(out, v);
            }
        });
        config.env().forEach((k, v) -> {
            if (secretName(k)) {
                add(out, v);
            }
        });
        walk(config.raw(), null, out);
        return out;
    }

    /** Environment variable names that hold credentials by convention. */
    static boolean secretName(String name) {
        return Redaction.isSecretHeader(name)
                || Redaction.isSecretParameter(name)
                || name.toUpperCase(java.util.Locale.ROOT).contains("PASSWORD")
                || name.toUpperCase(java.util.Locale.ROOT).contains("CREDENTIAL");
    }

    private static void walk(Object v, String key, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> walk(x, String.valueOf(k), out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> walk(x, key, out));
        } else if (v instanceof String s && !s.contains("{{")) {
            if (key != null && (Redaction.isSecretHeader(key) || Redaction.isSecretParameter(key))) {
                add(out, s);
            }
            // the patterns only where they can match: a config's strings are mostly test vars and expected outputs
            // (thousands in a large config), and a regex per string cost 1% of a 500-case run's start-up
            if (mentionsBearer(s)) {
                Matcher b = BEARER.matcher(s);
                while (b.find()) {
                    add(out, b.group(1));
                }
            }
            if (s.indexOf('=') >= 0) {
                Matcher q = QUERY.matcher(s);
                while (q.find()) {
                    if (Redaction.isSecretParameter(q.group(1))) {
                        add(out, q.group(2));
                    }
                }
            }
        }
    }

    private static boolean mentionsBearer(String s) {
        for (int i = 0; i + 6 <= s.length(); i++) {
            char c = s.charAt(i);
            if ((c == 'b' || c == 'B') && s.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    private static void add(Set<String> out, String v) {
        if (v != null && v.strip().length() >= MIN_LENGTH && !v.contains("{{")) {
            out.add(v.strip());
            if (v.toLowerCase(java.util.Locale.ROOT).startsWith("bearer ")) {
                add(out, v.substring(7));
            }
        }
    }
}
