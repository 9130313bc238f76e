/**
 * The OpenAI Realtime provider (GA protocol) and a Realtime session API for Java users.
 *
 * <ul>
 *   <li>{@code io.github.wstoolkit.realtime}: {@link io.github.wstoolkit.realtime.OpenAiRealtimeProvider} (ids
 *       {@code openai:realtime:<model>}), {@link io.github.wstoolkit.realtime.RealtimeSession} with its typed
 *       {@link io.github.wstoolkit.realtime.ClientEvent client} and {@link io.github.wstoolkit.realtime.ServerEvent
 *       server} events;
 *   <li>{@code io.github.wstoolkit.realtime.internal}: payloads, URLs and headers, prompt conversion, WAV audio,
 *       the provider factory (not exported).
 * </ul>
 *
 * @provides io.github.wstoolkit.api.spi.ProviderFactory for {@code openai:realtime:<model>}, and for
 *     {@code openai:chat:<model>} (Chat Completions, the llm-rubric grader)
 */
module io.github.wstoolkit.realtime {
    requires transitive io.github.wstoolkit.api;
    // the WebSocket connection (Tyrus client) is toolkit-ws's WsConnection
    requires io.github.wstoolkit.ws;
    // only to read tools given as file://tools.yaml: optional, so a Java user of this module alone needs no YAML
    // library (internal.Tools says what to add when a YAML file is given without it)
    requires static org.snakeyaml.engine;
    // openai:chat:<model>: Chat Completions over HTTP
    requires java.net.http;

    exports io.github.wstoolkit.realtime;

    provides io.github.wstoolkit.api.spi.ProviderFactory with
            io.github.wstoolkit.realtime.internal.RealtimeProviderFactory,
            io.github.wstoolkit.realtime.internal.ChatProviderFactory;
}
