package io.github.wstoolkit.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of ids, logs, errors and result files.
 *
 * <p>A query parameter is credential-like when its name, lower-cased and without {@code -} and {@code _}, is one of
 * {@link #SECRET_PARAMETERS} or ends with {@code token}, {@code key}, {@code secret}, {@code password} or
 * {@code signature}. A header is secret when its name is {@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie}, or contains {@code key}, {@code token}, {@code secret} or {@code auth}.
 *
 * <p>Public API on purpose: {@link Provider#id()} must never contain a secret, and a Java user who writes a
 * {@link Provider} (or logs a URL) meets that contract with {@link #redactUrl(String)} and
 * {@link #redactHeaders(java.util.Map)}, with the same rules as the toolkit's own providers and reports.
 */
public final class Redaction {

    /** What a redacted value is replaced with (before URL encoding). */
    public static final String REDACTED = "[REDACTED]";

    /** {@link #REDACTED} as it appears inside a URL. */
    public static final String REDACTED_IN_URL = "%5BREDACTED%5D";

    /** Query parameter names (normalised) that always hold secrets. */
    public static final Set<String> SECRET_PARAMETERS = Set.of(
            "token",
            "key",
            "apikey",
            "accesstoken",
            "auth",
            "authorization",
            "secret",
            "clientsecret",
            "password",
            "pass",
            "pwd",
            "sig",
            "signature",
            "code",
            "session",
            "sessiontoken",
            "jwt",
            "bearer",
            "credential",
            "credentials");

    private static final Pattern QUERY_PARAM = Pattern.compile("([?&;])([^=&#;]+)=([^&#;]*)");

    private Redaction() {}

    /** True when a query parameter of this name is credential-like. */
    public static boolean isSecretParameter(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return SECRET_PARAMETERS.contains(n)
                || n.endsWith("token")
                || n.endsWith("key")
                || n.endsWith("secret")
                || n.endsWith("password")
                || n.endsWith("signature");
    }

    /** True when a header of this name carries a credential. */
    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("authorization")
                || n.equals("proxy-authorization")
                || n.equals("cookie")
                || n.contains("key")
                || n.contains("token")
                || n.contains("secret")
                || n.contains("auth");
    }

    /**
     * The URL (or URL template) with the values of credential-like query parameters replaced by
     * {@code %5BREDACTED%5D}. Everything else, templates included, is kept:
     * {@code ws://h/s/{{ id }}?token=abc&x=1} → {@code ws://h/s/{{ id }}?token=%5BREDACTED%5D&x=1}.
     */
    public static String redactUrl(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        Matcher m = QUERY_PARAM.matcher(url);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (m.start() < q) {
                continue;
            }
            if (isSecretParameter(m.group(2)) && !m.group(3).isEmpty()) {
                sb.append(url, last, m.start(3)).append(REDACTED_IN_URL);
                last = m.end(3);
            }
        }
        sb.append(url.substring(last));
        return sb.toString();
    }

    /** A copy of the headers with secret values replaced by {@link #REDACTED}. */
    public static Map<String, String> redactHeaders(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, isSecretHeader(k) ? REDACTED : v));
        return out;
    }

    /**
     * The text with every occurrence of each secret replaced by {@link #REDACTED}, the longest first (a shorter secret
     * found inside a longer one would otherwise cut it in pieces and leave the rest of it in the text); secrets
     * shorter than 4 characters are left alone (they would mangle ordinary words).
     */
    public static String scrub(String text, Iterable<String> secrets) {
        return replace(text, inOrder(secrets) ? secrets : longestFirst(secrets, 4), 4);
    }

    /**
     * The secrets of at least {@code minLength} characters, longest first: the order in which replacing them cuts
     * none in pieces (a shorter secret found inside a longer one, replaced first, would leave the rest of the longer
     * one in the text). Shared with {@link RedactedException}.
     */
    static List<String> longestFirst(Iterable<String> secrets, int minLength) {
        List<String> out = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= minLength) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }

    /** The text with each secret in {@code ordered} of at least {@code minLength} characters replaced, in that order. */
    static String replace(String text, Iterable<String> ordered, int minLength) {
        String out = text;
        for (String s : ordered) {
            if (s != null && s.length() >= minLength) {
                out = out.replace(s, REDACTED);
            }
        }
        return out;
    }

    /**
     * Whether the secrets that count (4 characters or more) already come longest first: a caller that scrubs many
     * texts with the same secrets keeps them in that order, and each call then sorts nothing.
     */
    private static boolean inOrder(Iterable<String> secrets) {
        int previous = Integer.MAX_VALUE;
        for (String s : secrets) {
            if (s == null || s.length() < 4) {
                continue;
            }
            if (s.length() > previous) {
                return false;
            }
            previous = s.length();
        }
        return true;
    }
}
