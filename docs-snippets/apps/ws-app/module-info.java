/** A chat client built on toolkit-ws alone: no eval engine, no Groovy, no YAML, no shell. */
module example.ws {
    requires io.github.wstoolkit.ws;

}
