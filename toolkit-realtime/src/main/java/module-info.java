/**
 * The OpenAI Realtime provider.
 */
module io.github.wstoolkit.realtime {
    requires transitive io.github.wstoolkit.api;
    requires io.github.wstoolkit.ws;
}
