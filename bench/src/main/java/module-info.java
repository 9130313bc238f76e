/**
 * Benchmarks that print figures, each beside a baseline measured in the same run (machines are shared and noisy, so
 * only ratios mean something). Run with {@code bench/run.sh NAME [args]}; {@code bench/run.sh} alone lists them.
 */
module io.github.wstoolkit.bench {
    requires io.github.wstoolkit.api;
    requires io.github.wstoolkit.ws;
    requires io.github.wstoolkit.realtime;
    requires io.github.wstoolkit.mockserver;
    requires io.github.wstoolkit.eval;
    requires io.github.wstoolkit.groovy;
    // the history bench: the results store, and the viewer's pages fetched over HTTP
    requires io.github.wstoolkit.history;
    requires java.net.http;
    requires java.sql;
    requires java.management;
    // the process CPU time (WsProviderBench)
    requires jdk.management;
    requires org.glassfish.tyrus.client;
    // quiets the mock server's per-connection log lines during the benchmarks (wsprovider, eval, realtime)
    requires java.logging;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.container.grizzly.client;
    requires org.glassfish.tyrus.container.grizzly.server;

    // the Groovy compiler for the wsprovider bench's text transform, as a Java user would find it
    uses io.github.wstoolkit.api.spi.TransformCompiler;

    // Tyrus instantiates the baseline's annotated endpoints reflectively.
    opens io.github.wstoolkit.bench to
            org.glassfish.tyrus.core;
}
