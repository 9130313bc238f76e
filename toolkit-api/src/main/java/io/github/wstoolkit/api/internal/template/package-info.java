/**
 * The implementation of {@link io.github.wstoolkit.api.template}: not exported.
 *
 * <p>{@link io.github.wstoolkit.api.internal.template.Lexer} and {@code Parser} follow nunjucks 3.2's tokenizer and
 * grammar rule by rule, so the same texts are accepted and rejected; the parser then re-associates operators the
 * way the JavaScript nunjucks compiles to does. {@code Renderer} walks the immutable tree with nunjucks' frames;
 * {@code Js} holds JavaScript's value semantics (truthiness, {@code String(v)}, {@code +}, {@code ==}, member
 * access) over plain Java values, with {@code Undefined.UNDEFINED} for JavaScript's undefined. {@code Builtins}
 * has the filters, tests and globals. Everything here is immutable or confined to one render, hence thread-safe.
 */
package io.github.wstoolkit.api.internal.template;
