package io.github.wstoolkit.api.internal.template;

import java.io.Serial;

/** A failure while evaluating, without a position yet; the renderer adds the line and column. */
final class JsError extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    JsError(String message) {
        super(message);
    }

    JsError(String message, Throwable cause) {
        super(message, cause);
    }
}
