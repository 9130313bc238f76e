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

    Object apply(Object value, List<Object> args) throws Exception;
}
