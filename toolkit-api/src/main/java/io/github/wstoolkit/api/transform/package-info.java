/**
 * The transforms a provider or an eval calls: given as Java lambdas by a library user, or compiled from config text
 * by a {@link io.github.wstoolkit.api.spi.TransformCompiler} (Groovy, in {@code toolkit-groovy}).
 *
 * <p>Every transform receives and returns plain Java values (see {@link io.github.wstoolkit.api.json.Json}). Each
 * may throw any exception; the caller wraps it in the error text promptfoo uses for that option. Transforms are
 * called from many threads at once and must not keep per-call state in fields.
 */
package io.github.wstoolkit.api.transform;
