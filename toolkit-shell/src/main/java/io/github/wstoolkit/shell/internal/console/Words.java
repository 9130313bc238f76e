package io.github.wstoolkit.shell.internal.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command's arguments as a POSIX shell would, without expansions: whitespace separates words, {@code '…'}
 * keeps everything, {@code "…"} keeps everything but {@code \"} and {@code \\}, and a backslash outside quotes
 * escapes the next character, and a template {@code {{ … }}} is never split. So
 * {@code -H 'Authorization: Bearer {{ env.KEY }}'} is two words, and so is {@code {{ env.WST_MOCK_URL }}/ws -s chat}
 * three.
 */
final class Words {

    private Words() {}

    /** @throws IllegalArgumentException for an unclosed quote */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ' quote");
                }
                w.append(s, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length() && (s.charAt(j + 1) == '"' || s.charAt(j + 1) == '\\')) {
                        w.append(s.charAt(j + 1));
                        j += 2;
                    } else {
                        w.append(d);
                        j++;
                    }
                }
                if (j >= s.length()) {
                    throw new IllegalArgumentException("unclosed \" quote");
                }
                inWord = true;
                i = j + 1;
            } else if (s.startsWith("{{", i) && s.indexOf("}}", i + 2) > 0) {
                // a template ({{ env.URL }}) is one piece of a word, spaces and all
                int end = s.indexOf("}}", i + 2) + 2;
                w.append(s, i, end);
                inWord = true;
                i = end;
            } else if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                w.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /** A single argument: the text stripped, and unquoted when the whole of it is one quoted word. */
    static String single(String s) {
        String t = s.strip();
        if (t.length() >= 2 && ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith("\"") && t.endsWith("\"")))) {
            List<String> w = split(t);
            if (w.size() == 1) {
                return w.getFirst();
            }
        }
        return t;
    }
}
