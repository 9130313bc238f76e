package io.github.wstoolkit.ws.internal;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * Tyrus' Grizzly client container with a {@link FrameGuard} in front of each connection's frame parser, so that an
 * inbound message over the size limit closes the connection with {@code 1009} before it is buffered.
 *
 * <p>Tyrus instantiates its container by class name (reflectively, hence {@code opens} of this package to Tyrus in
 * module-info), once per client, which many connections share ({@link TyrusClients}); the connection's
 * {@link ConnectionProbe} comes in the user properties of its {@code ClientEndpointConfig} under
 * {@link ConnectionProbe#PROPERTY}. Without a probe this is the plain Grizzly container.
 */
public final class GuardedClientContainer implements ClientContainer {

    /** How long after our 1009 close frame the server has to close the connection before we close it. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final ClientContainer grizzly = new GrizzlyClientContainer();

    /** The no-argument constructor Tyrus calls. */
    public GuardedClientContainer() {}

    @Override
    public void openClientSocket(ClientEndpointConfig cec, Map<String, Object> properties, ClientEngine engine)
            throws DeploymentException, IOException {
        Object probe = cec.getUserProperties().get(ConnectionProbe.PROPERTY);
        grizzly.openClientSocket(
                cec, properties, probe instanceof ConnectionProbe p ? new GuardedEngine(engine, p) : engine);
    }

    /** The engine, with the connection it creates wrapped. */
    private record GuardedEngine(ClientEngine engine, ConnectionProbe probe) implements ClientEngine {
        @Override
        public UpgradeRequest createUpgradeRequest(TimeoutHandler timeoutHandler) {
            return engine.createUpgradeRequest(timeoutHandler);
        }

        @Override
        public ClientUpgradeInfo processResponse(
                UpgradeResponse response, Writer writer, Connection.CloseListener closeListener) {
            // before Tyrus reads it: a refused handshake's status and Retry-After are in the probe by the time the
            // connect fails
            probe.handshakeResponse(response.getStatus(), response.getHeaders());
            ClientUpgradeInfo info = engine.processResponse(response, new PatientWriter(writer, probe), closeListener);
            return new ClientUpgradeInfo() {
                @Override
                public ClientUpgradeStatus getUpgradeStatus() {
                    return info.getUpgradeStatus();
                }

                @Override
                public Connection createConnection() {
                    Connection c = info.createConnection();
                    return c == null
                            ? null
                            : new GuardedConnection(c, new FrameGuard(c.getReadHandler(), writer, probe, CLOSE_GRACE));
                }
            };
        }

        @Override
        public void processError(Throwable t) {
            engine.processError(t);
        }
    }

    /**
     * The transport's writer as Tyrus sees it: after our 1009, Tyrus takes the close as the server's and closes the
     * socket right after its answer; with the rest of the oversized message unread, the kernel would reset the
     * connection and the reset can destroy that close frame before the server reads it. So Tyrus' close waits: the
     * {@link FrameGuard} closes the transport once the server has had its grace.
     */
    private static final class PatientWriter extends Writer {
        private final Writer writer;
        private final ConnectionProbe probe;

        PatientWriter(Writer writer, ConnectionProbe probe) {
            this.writer = writer;
            this.probe = probe;
        }

        @Override
        public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
            writer.write(buffer, completionHandler);
        }

        @Override
        public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
            writer.write(buffer, completionHandler, writerInfo);
        }

        @Override
        public void close() throws IOException {
            if (probe.tooBig().isEmpty()) {
                writer.close();
            }
        }
    }

    private record GuardedConnection(Connection connection, ReadHandler guard) implements Connection {
        @Override
        public ReadHandler getReadHandler() {
            return guard;
        }

        @Override
        public Writer getWriter() {
            return connection.getWriter();
        }

        @Override
        public CloseListener getCloseListener() {
            return connection.getCloseListener();
        }

        @Override
        public void close(CloseReason reason) {
            connection.close(reason);
        }
    }
}
