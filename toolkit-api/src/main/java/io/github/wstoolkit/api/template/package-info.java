/**
 * A Nunjucks-compatible template engine: the syntax promptfoo configs use in {@code messageTemplate}, {@code url} and
 * prompts ({@code {{ prompt | dump }}}, {@code {% for %}}, {@code {% if %}}, filters with arguments, whitespace
 * control), with nunjucks 3.2's output for the same input: no autoescaping, undefined values render empty, values
 * print as JavaScript's {@code String(value)} does.
 *
 * <p>Start with {@link io.github.wstoolkit.api.template.TemplateEngine#create()} or
 * {@link io.github.wstoolkit.api.template.TemplateEngine#builder()}. Engines and templates are immutable and
 * thread-safe. Values handed to {@link io.github.wstoolkit.api.template.TemplateFilter}s are plain Java values; an
 * undefined value arrives as {@code null}. Every failure is a
 * {@link io.github.wstoolkit.api.template.TemplateException} naming the line and column.
 */
package io.github.wstoolkit.api.template;
