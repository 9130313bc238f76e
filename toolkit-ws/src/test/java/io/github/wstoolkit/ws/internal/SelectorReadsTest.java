package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;
import org.junit.jupiter.api.Test;

/** The shared client transport reads on its selector threads ({@link SelectorReads}). */
class SelectorReadsTest {

    @Test
    void everyClientCarriesTheSelectorPoolWithTheProbe() {
        Object config = TyrusClients.forMaxMessageSize(1024)
                .getProperties()
                .get(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG);
        var pool = assertInstanceOf(org.glassfish.grizzly.threadpool.ThreadPoolConfig.class, config);
        assertTrue(pool.getInitialMonitoringConfig().hasProbes());
        assertTrue(
                Arrays.stream(pool.getInitialMonitoringConfig().getProbes()).anyMatch(SelectorReads.class::isInstance));
        // one for every client: Tyrus reads it once, when it starts the shared transport
        assertSame(TyrusClients.forMaxMessageSize(1024), TyrusClients.forMaxMessageSize(1024), "a client per limit");
        assertSame(
                config,
                TyrusClients.forMaxMessageSize(2048)
                        .getProperties()
                        .get(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG));
    }

    /** The mechanism on a transport of our own, built as Tyrus builds its shared one: the probe sets the strategy. */
    @Test
    void aTransportStartedWithTheSelectorPoolReadsOnItsSelectorThreads() throws Exception {
        TCPNIOTransportBuilder builder = TCPNIOTransportBuilder.newInstance();
        builder.setSelectorThreadPoolConfig(SelectorReads.selectorPool());
        TCPNIOTransport transport = builder.build();
        assertInstanceOf(WorkerThreadIOStrategy.class, transport.getIOStrategy(), "Grizzly's default, before start");
        transport.start();
        try {
            assertSame(SameThreadIOStrategy.getInstance(), transport.getIOStrategy());
        } finally {
            transport.shutdownNow();
        }
    }

    @Test
    void settingTheStrategyTwiceKeepsIt() {
        TCPNIOTransport transport = TCPNIOTransportBuilder.newInstance().build();
        SelectorReads.readOnSelector(transport);
        SelectorReads.readOnSelector(transport);
        assertEquals(SameThreadIOStrategy.getInstance(), transport.getIOStrategy());
    }
}
