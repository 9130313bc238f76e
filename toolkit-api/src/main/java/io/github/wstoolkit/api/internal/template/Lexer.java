package io.github.wstoolkit.api.internal.template;

import io.github.wstoolkit.api.template.TemplateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits template text into tokens exactly where nunjucks 3.2 does (it is a port of its tokenizer's rules). */
final class Lexer {

    private static final String WHITESPACE = " \n\t\r\u00A0";
    private static final String DELIMS = "()[]{}%*-+~/#,:|.<>=!";
    private static final String INT_CHARS = "0123456789";
    private static final String[] COMPLEX_OPS = {"==", "===", "!=", "!==", "<=", ">=", "//", "**"};
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern RAW_BLOCK = rawBlock("raw");
    private static final Pattern VERBATIM_BLOCK = rawBlock("verbatim");

    private final String str;
    private final int len;
    private int index;
    private int line;
    private int col;
    private boolean inCode;

    Lexer(String str) {
        this.str = str;
        this.len = str.length();
    }

    int line() {
        return line;
    }

    int col() {
        return col;
    }

    Token next() {
        int l = line;
        int c = col;
        if (inCode) {
            if (finished()) {
                return null;
            }
            char cur = current();
            if (cur == '"' || cur == '\'') {
                return new Token(Token.Type.STRING, parseString(cur, l, c), l, c);
            }
            String tok = extract(WHITESPACE);
            if (!tok.isEmpty()) {
                return new Token(Token.Type.WHITESPACE, tok, l, c);
            }
            if ((tok = extractString("%}")) != null || (tok = extractString("-%}")) != null) {
                inCode = false;
                return new Token(Token.Type.BLOCK_END, tok, l, c);
            }
            if ((tok = extractString("}}")) != null || (tok = extractString("-}}")) != null) {
                inCode = false;
                return new Token(Token.Type.VARIABLE_END, tok, l, c);
            }
            if (cur == 'r' && index + 1 < len && str.charAt(index + 1) == '/') {
                forward();
                forward();
                StringBuilder body = new StringBuilder();
                while (!finished()) {
                    if (current() == '/' && previous() != '\\') {
                        forward();
                        break;
                    }
                    body.append(current());
                    forward();
                }
                StringBuilder flags = new StringBuilder();
                while (!finished() && "gimy".indexOf(current()) >= 0) {
                    flags.append(current());
                    forward();
                }
                return new Token(Token.Type.REGEX, body + "/" + flags, l, c);
            }
            if (DELIMS.indexOf(cur) >= 0) {
                forward();
                String op = String.valueOf(cur);
                String complex = op + (finished() ? "" : String.valueOf(current()));
                if (isComplexOp(complex)) {
                    forward();
                    op = complex;
                    // at the end of the text there is no longer operator ("{{ a !=" must not read past the end)
                    String longer = finished() ? complex : complex + current();
                    if (!longer.equals(complex) && isComplexOp(longer)) {
                        op = longer;
                        forward();
                    }
                }
                Token.Type type =
                        switch (op) {
                            case "(" -> Token.Type.LEFT_PAREN;
                            case ")" -> Token.Type.RIGHT_PAREN;
                            case "[" -> Token.Type.LEFT_BRACKET;
                            case "]" -> Token.Type.RIGHT_BRACKET;
                            case "{" -> Token.Type.LEFT_CURLY;
                            case "}" -> Token.Type.RIGHT_CURLY;
                            case "," -> Token.Type.COMMA;
                            case ":" -> Token.Type.COLON;
                            case "~" -> Token.Type.TILDE;
                            case "|" -> Token.Type.PIPE;
                            default -> Token.Type.OPERATOR;
                        };
                return new Token(type, op, l, c);
            }
            tok = extractUntil(WHITESPACE + DELIMS);
            if (INT.matcher(tok).matches()) {
                if (current() == '.' && !finished()) {
                    forward();
                    String dec = extract(INT_CHARS);
                    return new Token(Token.Type.FLOAT, tok + "." + dec, l, c);
                }
                return new Token(Token.Type.INT, tok, l, c);
            }
            if (tok.equals("true") || tok.equals("false")) {
                return new Token(Token.Type.BOOLEAN, tok, l, c);
            }
            if (tok.equals("none") || tok.equals("null")) {
                return new Token(Token.Type.NONE, tok, l, c);
            }
            return new Token(Token.Type.SYMBOL, tok, l, c);
        }
        if (finished()) {
            return null;
        }
        String tok;
        if ((tok = extractString("{%-")) != null || (tok = extractString("{%")) != null) {
            inCode = true;
            return new Token(Token.Type.BLOCK_START, tok, l, c);
        }
        if ((tok = extractString("{{-")) != null || (tok = extractString("{{")) != null) {
            inCode = true;
            return new Token(Token.Type.VARIABLE_START, tok, l, c);
        }
        StringBuilder data = new StringBuilder();
        boolean inComment = false;
        if (matches("{#")) {
            inComment = true;
            data.append(extractString("{#"));
        }
        boolean closed = false;
        while (!finished()) {
            data.append(extractUntil("{#"));
            if ((matches("{%") || matches("{{") || matches("{#")) && !inComment) {
                break;
            } else if (matches("#}")) {
                if (!inComment) {
                    throw new TemplateException("unexpected '#}' outside a comment", line + 1, col + 1, null);
                }
                data.append(extractString("#}"));
                closed = true;
                break;
            } else if (!finished()) {
                data.append(current());
                forward();
            }
        }
        if (inComment && !closed) {
            throw new TemplateException(
                    "comment is not closed: expected '#}' before the end of the template", l + 1, c + 1, null);
        }
        return new Token(inComment ? Token.Type.COMMENT : Token.Type.DATA, data.toString(), l, c);
    }

    private static boolean isComplexOp(String s) {
        for (String op : COMPLEX_OPS) {
            if (op.equals(s)) {
                return true;
            }
        }
        return false;
    }

    private String parseString(char delimiter, int l, int c) {
        forward();
        StringBuilder sb = new StringBuilder();
        while (!finished() && current() != delimiter) {
            char cur = current();
            if (cur == '\\') {
                forward();
                switch (current()) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> {
                        if (!finished()) {
                            sb.append(current());
                        }
                    }
                }
                forward();
            } else {
                sb.append(cur);
                forward();
            }
        }
        if (finished()) {
            throw new TemplateException(
                    "string starting here is not closed: expected " + delimiter + " before the end of the template",
                    l + 1,
                    c + 1,
                    null);
        }
        forward();
        return sb.toString();
    }

    /**
     * The raw text up to the {@code {% endraw %}} that closes a {@code {% raw %}} (or {@code verbatim}; nested blocks
     * count), consumed
     * with the closing tag, as nunjucks' parseRaw does.
     */
    String rawUntilEnd(String tagName) {
        Pattern p = tagName.equals("raw") ? RAW_BLOCK : VERBATIM_BLOCK;
        int level = 1;
        StringBuilder out = new StringBuilder();
        Matcher m = p.matcher(str);
        while (true) {
            m.region(index, len);
            if (!m.lookingAt()) {
                break;
            }
            String all = m.group();
            if (level <= 0) {
                // the closing tag found again after stepping back: consumed, as nunjucks' loop condition does
                moveTo(index + all.length());
                break;
            }
            String pre = m.group(1);
            moveTo(index + all.length());
            if (m.group(2).equals(tagName)) {
                level++;
            } else {
                level--;
            }
            if (level == 0) {
                out.append(pre);
                moveTo(index - (all.length() - pre.length()));
            } else {
                out.append(all);
            }
        }
        return out.toString();
    }

    /** nunjucks' {@code ([\s\S]*?){%\s*(raw|endraw)\s*(?=%})%}}. */
    private static Pattern rawBlock(String tagName) {
        return Pattern.compile("([\\s\\S]*?)\\{%" + Js.WS_CLASS + "*(" + tagName + "|end" + tagName + ")" + Js.WS_CLASS
                + "*(?=%\\})%\\}");
    }

    private void moveTo(int target) {
        index = target;
        int nl = str.lastIndexOf('\n', index - 1);
        int count = 0;
        for (int i = 0; i < index; i++) {
            if (str.charAt(i) == '\n') {
                count++;
            }
        }
        line = count;
        col = index - nl - 1;
    }

    private boolean matches(String s) {
        return str.startsWith(s, index);
    }

    private String extractString(String s) {
        if (matches(s)) {
            for (int i = 0; i < s.length(); i++) {
                forward();
            }
            return s;
        }
        return null;
    }

    private String extractUntil(String chars) {
        return extractMatching(true, chars);
    }

    private String extract(String chars) {
        return extractMatching(false, chars);
    }

    private String extractMatching(boolean breakOnMatch, String chars) {
        if (finished()) {
            return "";
        }
        int start = index;
        while (!finished() && (chars.indexOf(current()) >= 0) != breakOnMatch) {
            forward();
        }
        return str.substring(start, index);
    }

    boolean finished() {
        return index >= len;
    }

    private char current() {
        return index < len ? str.charAt(index) : '\0';
    }

    private char previous() {
        return index > 0 ? str.charAt(index - 1) : '\0';
    }

    private void forward() {
        if (finished()) {
            return; // at the end already: a backslash or an operator that ends the text has nothing after it
        }
        index++;
        if (previous() == '\n') {
            line++;
            col = 0;
        } else {
            col++;
        }
    }
}
