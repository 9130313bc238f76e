/**
 * The mock server: {@link io.github.wstoolkit.mockserver.MockServer} and what configures it
 * ({@link io.github.wstoolkit.mockserver.Scenario}, {@link io.github.wstoolkit.mockserver.Fault},
 * {@link io.github.wstoolkit.mockserver.MockHandler}) or comes out of it
 * ({@link io.github.wstoolkit.mockserver.JournalEntry}).
 *
 * <p>Nothing here accepts or returns {@code null}; absent values are {@link java.util.Optional}, collections are
 * never null and are unmodifiable snapshots. Every type is thread-safe or immutable.
 */
package io.github.wstoolkit.mockserver;
