package io.github.wstoolkit.api.internal.template;

/** A lexer token; line and column are 0-based, as in nunjucks (messages add 1). */
record Token(Type type, String value, int line, int col) {

    enum Type {
        STRING("string"),
        WHITESPACE("whitespace"),
        DATA("text"),
        BLOCK_START("'{%'"),
        BLOCK_END("'%}'"),
        VARIABLE_START("'{{'"),
        VARIABLE_END("'}}'"),
        COMMENT("comment"),
        LEFT_PAREN("'('"),
        RIGHT_PAREN("')'"),
        LEFT_BRACKET("'['"),
        RIGHT_BRACKET("']'"),
        LEFT_CURLY("'{'"),
        RIGHT_CURLY("'}'"),
        OPERATOR("operator"),
        COMMA("','"),
        COLON("':'"),
        TILDE("'~'"),
        PIPE("'|'"),
        INT("number"),
        FLOAT("number"),
        BOOLEAN("boolean"),
        NONE("none"),
        SYMBOL("name"),
        REGEX("regex");

        final String label;

        Type(String label) {
            this.label = label;
        }
    }

    /** How a message shows this token: {@code 'endfor'}, {@code '}}'}, {@code string "abc"}. */
    String describe() {
        return switch (type) {
            case STRING -> "string \"" + value + "\"";
            case DATA -> "text";
            case SYMBOL, OPERATOR, INT, FLOAT, BOOLEAN, NONE -> "'" + value + "'";
            default -> "'" + value + "'";
        };
    }
}
