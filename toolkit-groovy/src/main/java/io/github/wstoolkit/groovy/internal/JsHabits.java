package io.github.wstoolkit.groovy.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript written where Groovy is read (promptfoo's transforms are JavaScript): the forms that compile in Groovy
 * with another meaning ({@code ===} is identity there, so {@code m.type === 'message'} is never true and the call
 * waits for its timeout) or that fail with an obscure parser message ({@code const x = …}). Found outside strings and
 * comments, each with the Groovy form to write instead.
 */
final class JsHabits {

    /** One habit found: where (1-based, in the text) and what to write instead. */
    record Found(int line, int column, String problem) {}

    private static final Pattern DECLARATION = Pattern.compile("\\b(const|let)\\s+([A-Za-z_$][\\w$]*)\\s*=");
    private static final Pattern FUNCTION = Pattern.compile("\\bfunction\\s+([A-Za-z_$][\\w$]*)\\s*\\(");

    private JsHabits() {}

    static Optional<Found> find(String text) {
        String code = blankStringsAndComments(text);
        int best = -1;
        String problem = null;
        int strict = code.indexOf("===");
        int notStrict = code.indexOf("!==");
        if (strict >= 0 && (notStrict < 0 || strict < notStrict)) {
            best = strict;
            problem = "'===' is JavaScript's strict equality; in Groovy it means \"the same object\", which two equal"
                    + " strings are not, so the test is never true: write '==' (Groovy's == compares values)";
        } else if (notStrict >= 0) {
            best = notStrict;
            problem = "'!==' is JavaScript's strict inequality; in Groovy it means \"not the same object\", which is"
                    + " true even for equal strings: write '!=' (Groovy's != compares values)";
        }
        Matcher d = DECLARATION.matcher(code);
        if (d.find() && (best < 0 || d.start() < best)) {
            best = d.start();
            problem = "'" + d.group(1) + " " + d.group(2) + " = …' is JavaScript: Groovy declares a variable with 'def "
                    + d.group(2) + " = …' (or a type: 'String " + d.group(2) + " = …')";
        }
        Matcher f = FUNCTION.matcher(code);
        if (f.find() && (best < 0 || f.start() < best)) {
            best = f.start();
            problem = "'function " + f.group(1) + "(…) { … }' is JavaScript: in Groovy write 'def " + f.group(1)
                    + "(a, b) { … }', or a closure '{ a, b -> … }'";
        }
        if (best < 0) {
            return Optional.empty();
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < best; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return Optional.of(new Found(line, best - lineStart + 1, problem));
    }

    /** The text with string literals and comments replaced by spaces (line breaks kept), so offsets still match. */
    static String blankStringsAndComments(String text) {
        StringBuilder sb = new StringBuilder(text);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(sb, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(sb, i, end);
                i = end;
            } else if (c == '\'' || c == '"') {
                String triple = String.valueOf(c).repeat(3);
                boolean isTriple = text.startsWith(triple, i);
                int j = i + (isTriple ? 3 : 1);
                while (j < n) {
                    if (text.charAt(j) == '\\') {
                        j += 2;
                        continue;
                    }
                    if (isTriple ? text.startsWith(triple, j) : text.charAt(j) == c || text.charAt(j) == '\n') {
                        break;
                    }
                    j++;
                }
                int end = Math.min(n, j + (isTriple ? 3 : 1));
                blank(sb, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return sb.toString();
    }

    private static void blank(StringBuilder sb, int from, int to) {
        for (int k = from; k < to && k < sb.length(); k++) {
            if (sb.charAt(k) != '\n') {
                sb.setCharAt(k, ' ');
            }
        }
    }
}
