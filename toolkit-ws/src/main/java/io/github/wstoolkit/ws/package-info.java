/**
 * The WebSocket provider and the connection it is built on.
 *
 * <ul>
 *   <li>{@link io.github.wstoolkit.ws.WebSocketProvider}: promptfoo's WebSocket provider (library use through its
 *       builder; config use through the {@code ProviderFactory} service this module provides, for ids
 *       {@code ws://}, {@code wss://}, {@code websocket://});
 *   <li>{@link io.github.wstoolkit.ws.WsConnection}, {@link io.github.wstoolkit.ws.WsConnectOptions},
 *       {@link io.github.wstoolkit.ws.WsListener}: one WebSocket connection on the Tyrus client, for other modules
 *       (the OpenAI Realtime provider) and for users.
 * </ul>
 *
 * <p>Contracts for the whole package: no method accepts or returns {@code null} unless it says so; absent values are
 * {@link java.util.Optional}. Built objects are immutable and safe to use from many threads; calls block the calling
 * (virtual) thread. Failures are {@link io.github.wstoolkit.api.ProviderException}s whose messages and cause chains
 * never contain a URL's host, query values or header values.
 */
package io.github.wstoolkit.ws;
