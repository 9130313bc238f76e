package io.github.wstoolkit.api.template;

import java.util.List;

/**
 * A template filter: {@code {{ value | name(arg1, arg2) }}} calls {@code apply(value, [arg1, arg2])}. Values are
 * plain Java values; an undefined value arrives as {@code null}, a safe string as a {@link String}, and keyword
 * arguments ({@code name(key=1)}) as one trailing {@link java.util.Map}. The result may be any plain value;
 * {@code null} renders as nothing. An exception thrown here becomes a {@link TemplateException} that names the
 * filter, its line and column, and keeps the exception as its cause.
 */
@FunctionalInterface
public interface TemplateFilter {

    /**
     * Filters one value: {@code {{ value | name(a, b) }}} calls it with the value and {@code [a, b]}.
     *
     * @param value the value before the {@code |}
     * @param args the filter's arguments, keyword arguments as one trailing Map
     * @return the filtered value, any plain value; null renders as nothing
     * @throws Exception anything; the render then fails with a {@link TemplateException} naming the filter
     */
    Object apply(Object value, List<Object> args) throws Exception;
}
