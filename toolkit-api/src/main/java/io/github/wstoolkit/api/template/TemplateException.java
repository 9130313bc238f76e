package io.github.wstoolkit.api.template;

import io.github.wstoolkit.api.ConfigException;
import java.io.Serial;

/**
 * A template that cannot be parsed (a syntax error) or cannot be rendered (a filter that fails, a call of something
 * that is not a function, {@code in} on a value that cannot be searched). It carries the 1-based line and column of
 * the problem in the template text: {@code line 3, column 14: expected '%}' to close the 'endif' tag, found 'x'}.
 */
public class TemplateException extends ConfigException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A template that does not parse or render, at a place in the template's text.
     *
     * @param problem what is wrong: what was expected and what was found
     * @param line 1-based line in the template text, or 0 when unknown
     * @param column 1-based column in the template text, or 0 when unknown
     * @param cause the underlying failure (a user filter's exception, a JSON parse error), or null
     */
    public TemplateException(String problem, int line, int column, Throwable cause) {
        super(problem, cause, null, line, column, null);
    }
}
