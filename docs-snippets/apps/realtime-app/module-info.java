/** An OpenAI Realtime client built on toolkit-realtime alone: no eval engine, no Groovy, no YAML library. */
module example.realtime {
    requires io.github.wstoolkit.realtime;

}
