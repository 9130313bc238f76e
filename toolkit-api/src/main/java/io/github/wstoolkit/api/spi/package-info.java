/**
 * Service interfaces that other modules implement and {@link java.util.ServiceLoader} finds:
 * {@link io.github.wstoolkit.api.spi.ProviderFactory} (one per kind of provider) and
 * {@link io.github.wstoolkit.api.spi.TransformCompiler} (the language transforms are written in).
 *
 * <p>Implementations have a public no-argument constructor that does no work; the expensive parts happen in
 * {@code create} and the compile methods. Nothing here accepts or returns null.
 */
package io.github.wstoolkit.api.spi;
