package io.github.wstoolkit.api.internal.template;

/** A lexer token; line and column are 0-based, as in nunjucks (messages add 1). */
record Token(Type type, String value, int line, int col) {

    enum Type {
        STRING,
        WHITESPACE,
        DATA,
        BLOCK_START,
        BLOCK_END,
        VARIABLE_START,
        VARIABLE_END,
        COMMENT,
        LEFT_PAREN,
        RIGHT_PAREN,
        LEFT_BRACKET,
        RIGHT_BRACKET,
        LEFT_CURLY,
        RIGHT_CURLY,
        OPERATOR,
        COMMA,
        COLON,
        TILDE,
        PIPE,
        INT,
        FLOAT,
        BOOLEAN,
        NONE,
        SYMBOL,
        REGEX
    }

    /** How a message shows this token: {@code 'endfor'}, {@code '}}'}, {@code string "abc"}. */
    String describe() {
        return switch (type) {
            case STRING -> "string \"" + value + "\"";
            case DATA -> "text";
            case COMMENT -> "a comment";
            case REGEX -> "regex r/" + value;
            default -> "'" + value + "'";
        };
    }
}
