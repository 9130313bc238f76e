/**
 * The OpenAI Realtime API (GA protocol) on the JVM.
 *
 * <p>{@link io.github.wstoolkit.realtime.OpenAiRealtimeProvider} is the eval provider for ids
 * {@code openai:realtime:<model>}; {@link io.github.wstoolkit.realtime.RealtimeSession} is a plain session for Java
 * users: send {@link io.github.wstoolkit.realtime.ClientEvent}s, read {@link io.github.wstoolkit.realtime.ServerEvent}s,
 * or collect a whole {@link io.github.wstoolkit.realtime.RealtimeResponse}.
 *
 * <p>Nothing here accepts or returns {@code null} unless a parameter says so; collections are never null. JSON
 * payloads are plain Java values (Map, List, String, Number, Boolean, null) as {@link io.github.wstoolkit.api.json.Json}
 * reads and writes them. Errors never contain an API key, an {@code Authorization} value or a URL's credential-like
 * query values.
 */
package io.github.wstoolkit.realtime;
