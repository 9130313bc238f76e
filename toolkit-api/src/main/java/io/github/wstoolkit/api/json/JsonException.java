package io.github.wstoolkit.api.json;

import java.io.Serial;

/** JSON text that does not parse. The message says what was expected and where (character offset). */
public class JsonException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
