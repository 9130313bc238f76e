/**
 * The config-format service: how a file becomes the plain-value tree that
 * {@link io.github.wstoolkit.eval.ConfigLoader} reads into an {@link io.github.wstoolkit.eval.EvalConfig}.
 * {@code toolkit-eval} provides YAML/JSON itself; {@code toolkit-dsl} provides Groovy scripts ({@code .groovy}).
 *
 * <p>Nothing here is null unless said so; documents are immutable.
 */
package io.github.wstoolkit.eval.spi;
