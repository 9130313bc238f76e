/**
 * The wst command and the interactive shell.
 */
module io.github.wstoolkit.shell {
    requires io.github.wstoolkit.api;
    requires info.picocli;
    requires org.jline.terminal;
    requires org.jline.reader;
}
