package io.github.wstoolkit.api.template;

import java.util.List;

/**
 * A template filter: {@code {{ value | name(arg1, arg2) }}} calls {@code apply(value, [arg1, arg2])}. Values are
 * plain Java values; an undefined value arrives as {@code null}.
 */
@FunctionalInterface
public interface TemplateFilter {

    Object apply(Object value, List<Object> args) throws Exception;
}
