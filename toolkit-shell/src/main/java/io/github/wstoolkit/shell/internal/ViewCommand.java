package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.history.HistoryStore;
import io.github.wstoolkit.history.RunSummary;
import io.github.wstoolkit.history.Viewer;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wst view [ID]}: the results database in a browser, until Ctrl-C. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a local web viewer of the results database: runs, a run's matrix and streaming figures, a case's"
                    + " frame timeline, and two runs compared. Read-only; works offline.",
            "Binds 127.0.0.1 unless --host says otherwise. Stops on Ctrl-C."
        })
final class ViewCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ID",
            description = "A run to open first (its id, eval id, or latest).")
    String ref;

    @Option(
            names = {"-p", "--port"},
            defaultValue = "15500",
            paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Another address shows"
                    + " every stored prompt and output to whoever can reach it: there is no login.")
    String host;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The results database (default: WST_DB, else $WST_HOME/wst.db).")
    String db;

    @Override
    public Integer call() throws Exception {
        Io io = parent.io;
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0-65535, got " + port);
        }
        HistoryStore store = HistoryDb.openExisting(io, db);
        String first = "";
        if (ref != null) {
            RunSummary r = store.resolve(ref);
            first = "runs/" + r.id();
        }
        if (!loopback(host)) {
            io.err()
                    .println("wst view: WARNING: serving on " + host + " shows every stored prompt, output and frame"
                            + " to anyone who can reach this address; there is no login. Use the default 127.0.0.1 unless"
                            + " you mean it.");
        }
        EvalCommand.quietServerLogs(io); // Grizzly's INFO lines (listener started…) say nothing a user needs
        Viewer viewer = Viewer.builder(store).host(host).port(port).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    viewer.close();
                    io.out().println("wst view: stopped");
                    io.out().flush();
                    stopped.countDown();
                    // Ctrl-C is how this command ends: exit 0 once the server is closed, not 130
                    Runtime.getRuntime().halt(0);
                },
                "wst-view-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        io.out().println("wst view: " + store.file() + " on " + viewer.uri() + first);
        io.out().println("Press Ctrl-C to stop.");
        io.out().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // embedded use (tests, the shell): the caller interrupts to stop
            Runtime.getRuntime().removeShutdownHook(hook);
            viewer.close();
            io.out().println("wst view: stopped");
        }
        return 0;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
