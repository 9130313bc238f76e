package io.github.wstoolkit.api;

/**
 * Something that turns a prompt into a response: a WebSocket endpoint, the OpenAI Realtime API, a grader.
 *
 * <p>{@link #call} blocks the calling thread until the response is complete or fails. Implementations are safe to
 * call from many (virtual) threads at once; a provider that keeps connections between calls (a persistent
 * conversation) releases them in {@link #close()}, which the eval engine calls once at the end of a run.
 *
 * <p>The failure contract (both providers of this toolkit keep it; docs/eval.md relies on it):
 *
 * <ul>
 *   <li>a transport or protocol failure <em>throws</em> a {@link ProviderException} (promptfoo's "rejected" call)
 *       that carries what happened as data: its {@link ProviderException#kind() kind}, a short
 *       {@link ProviderException#code() code}, the {@link ProviderException#httpStatus() HTTP status} of a refused
 *       handshake, the {@link ProviderException#closeCode() close code} of a connection that closed too early, the
 *       server's {@link ProviderException#retryAfter() Retry-After}, and the {@link ProviderException#timings()
 *       timings} of what arrived before the failure. Refused, reset, TLS, handshake statuses, closes, timeouts and
 *       oversized messages are all thrown, so a caller's retry policy can decide on them; a transform that throws is
 *       thrown too ({@link ProviderException.Kind#RESPONSE});
 *   <li>an <em>application-level</em> error is a response whose {@link ProviderResponse#error()} is set (promptfoo's
 *       "resolved" error): a streaming transform's {@code {error}} output, the server's error frame, an empty answer.
 *       The call itself worked; retrying it would give the same answer.
 * </ul>
 *
 * <p>Deadlines: a call ends by {@link CallContext#deadline()} (and by the provider's own timeout) with a
 * {@link ProviderException.Kind#TIMEOUT}, also when a transform it runs loops or blocks: a provider interrupts its
 * calling thread at the deadline and reports the timeout.
 */
public interface Provider extends AutoCloseable {

    /**
     * {@return the provider's id as configured, with credential-like query values redacted} For example
     * {@code ws://host/chat?token=%5BREDACTED%5D}. Never contains a secret, so it can be shown and stored.
     */
    String id();

    /** {@return the label given in the config, or the {@link #id()} when none was given} Reports show it. */
    default String label() {
        return id();
    }

    /**
     * Sends one prompt and waits for its response.
     *
     * @param prompt the rendered prompt text
     * @param context vars, test, conversation history and deadline of this call
     * @return the response; its {@link ProviderResponse#timings()} are those of this call
     * @throws ProviderException when the call fails; its message holds no secret
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    ProviderResponse call(String prompt, CallContext context) throws ProviderException, InterruptedException;

    /**
     * {@return whether calls of different conversations ({@link CallContext#conversationId()}) may run at the same
     * time on this provider} False by default: a provider that keeps one session at a time (the OpenAI Realtime provider's
     * persistent socket, replaced when a call of another conversation comes, as in promptfoo) needs each
     * conversation's calls contiguous, so the eval engine runs that provider's conversations one after another. A
     * provider with no state between calls, or with one session per conversation, returns true, and its
     * conversations run in parallel (each still in order).
     */
    default boolean supportsConcurrentConversations() {
        return false;
    }

    /**
     * Releases what the provider keeps between calls (persistent sockets). Idempotent; the default does nothing.
     */
    @Override
    default void close() {}
}
