package io.github.wstoolkit.shell.internal.console;

import java.util.Locale;

/**
 * Decides whether typed input is complete or continues on the next line: a frame that starts with {@code {} or
 * {@code [} and has not closed its JSON object or array yet, or a Groovy {@code =} line or {@code /transform} whose
 * brackets or triple-quoted strings are still open. Both the JLine face (secondary prompt) and scripted mode (lines
 * of a file) use it, so a pasted pretty-printed JSON object is one frame either way.
 *
 * <p>Only openings count: a line with more closing than opening brackets is complete (and fails where it is used).
 */
public final class InputSyntax {

    private InputSyntax() {}

    /** True when {@code buffer} (one or more lines) needs more lines to be complete. */
    public static boolean needsMore(String buffer) {
        String t = buffer.stripLeading();
        if (t.startsWith("=")) {
            return groovyOpen(t.substring(1));
        }
        if (t.startsWith("/")) {
            if (t.startsWith("//")) {
                return false;
            }
            String word = t.split("\\s", 2)[0].toLowerCase(Locale.ROOT);
            if (word.length() > 2 && "/transform".startsWith(word)) {
                return groovyOpen(t.substring(word.length()));
            }
            return false;
        }
        if (t.startsWith("{") || t.startsWith("[")) {
            return jsonOpen(t);
        }
        return false;
    }

    /** An object or array not closed yet (strings in double quotes with escapes are skipped). */
    static boolean jsonOpen(String s) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth < 0) {
                    return false;
                }
            }
        }
        return depth > 0;
    }

    /**
     * Groovy with an open bracket, an open triple-quoted string or an open block comment. Single- and double-quoted
     * strings end at the end of their line (Groovy's rule), so an unclosed one is an error, not a continuation.
     */
    static boolean groovyOpen(String s) {
        int depth = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("'''", i) || s.startsWith("\"\"\"", i)) {
                String q = s.substring(i, i + 3);
                int end = findClosing(s, i + 3, q);
                if (end < 0) {
                    return true;
                }
                i = end + 3;
                continue;
            }
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    if (s.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                i = j + 1;
                continue;
            }
            if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                if (nl < 0) {
                    break;
                }
                i = nl + 1;
                continue;
            }
            if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    return true;
                }
                i = end + 2;
                continue;
            }
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth < 0) {
                    return false;
                }
            }
            i++;
        }
        return depth > 0;
    }

    private static int findClosing(String s, int from, String quote) {
        int i = from;
        while (i < s.length()) {
            if (s.charAt(i) == '\\') {
                i += 2;
                continue;
            }
            if (s.startsWith(quote, i)) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
