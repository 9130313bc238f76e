package io.github.wstoolkit.api.json;

import java.io.Serial;

/** JSON text that does not parse. The message says what was expected and where (character offset). */
public class JsonException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * JSON that does not parse, or a value that has no JSON form.
     *
     * @param message what is wrong, for the user
     * @param cause the parser's exception, or null
     */
    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
