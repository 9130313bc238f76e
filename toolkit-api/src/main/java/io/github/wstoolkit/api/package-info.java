/**
 * Providers, the responses they produce and the context of a call.
 *
 * <p>Contracts that hold across the package:
 *
 * <ul>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null} unless its documentation says so. What may be absent
 *       is an {@link java.util.Optional}; collections are never null, and are empty instead.
 *   <li><b>Plain values.</b> Values that come from JSON or go to transforms (vars, metadata, outputs) are plain Java
 *       values: {@link java.util.Map} with String keys, {@link java.util.List}, {@link String}, {@link Number},
 *       {@link Boolean}, {@code byte[]} for binary frames, and {@code null} for JSON null. See
 *       {@link io.github.wstoolkit.api.json.Json}.
 *   <li><b>Threads.</b> A {@link io.github.wstoolkit.api.Provider} is called from many virtual threads at once; its
 *       {@code call} blocks the calling thread. Records are immutable and safe to share.
 *   <li><b>Secrets.</b> No message of an exception thrown here contains a URL's host or query values, a header value
 *       or an API key.
 * </ul>
 */
package io.github.wstoolkit.api;
