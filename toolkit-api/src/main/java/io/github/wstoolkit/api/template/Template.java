package io.github.wstoolkit.api.template;

import java.util.Map;

/**
 * A parsed template, ready to render many times. Instances come from {@link TemplateEngine#compile(String)}; they are
 * immutable and safe to render from many threads at once.
 */
public interface Template {

    /** The template text this was parsed from. */
    String source();

    /**
     * Renders with these variables (plain Java values: Map, List, String, Number, Boolean, null, byte[]). A variable
     * that is absent renders empty; the engine's globals (such as {@code env}) are visible unless a variable of the
     * same name hides them.
     *
     * @throws TemplateException when rendering fails (a filter throws, a non-function is called, ...)
     */
    String render(Map<String, ?> vars);
}
