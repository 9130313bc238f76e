package io.github.wstoolkit.ws.internal;

import org.glassfish.grizzly.IOStrategy;
import org.glassfish.grizzly.nio.NIOTransport;
import org.glassfish.grizzly.nio.SelectorRunner;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.AbstractThreadPool;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.grizzly.threadpool.ThreadPoolProbe;

/**
 * Makes Tyrus' shared Grizzly client transport read on its selector threads (Grizzly's {@link SameThreadIOStrategy})
 * instead of handing every read to a worker thread (Tyrus' choice, Grizzly's {@code WorkerThreadIOStrategy}).
 *
 * <p>Why: with the worker strategy each read that finds a frame costs a hand-off. The selector turns the socket's read
 * interest off, queues the read for a worker, and wakes one up; the worker parses the frame, then turns the interest
 * back on, which wakes the selector again. Leaving the reads on the selector took 14% off the CPU of a 10,000-case
 * streamed eval at 32 calls at once ({@code docs/performance.md}, the sixth session). What runs on the selector
 * thread is short: the frame parsing of Tyrus and our {@link FrameGuard}, and the listeners, which only queue what
 * arrived (the documented contract of {@code WsListener}: no blocking work in a callback).
 *
 * <p>How, with public API only: Tyrus builds the shared transport itself and offers no setting for its I/O strategy,
 * but it takes the selector threads' pool configuration from the client properties
 * ({@code GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG}). {@link #selectorPool()} is Grizzly's default
 * configuration with this probe on it. When the transport starts, it hands each {@link SelectorRunner} to that pool;
 * the probe sees the runner, and through it the transport, and sets the strategy before the transport makes its
 * first connection. If a later Grizzly stops handing the runners over this way, nothing changes but the speed, and
 * {@code WsConnectionTest.framesReachTheListenerOnASelectorThread} fails (through Tyrus, as the client runs);
 * {@code SelectorReadsTest} checks the mechanism on a transport of its own.
 */
final class SelectorReads extends ThreadPoolProbe.Adapter {

    /**
     * One configuration for every client: Tyrus reads it only when it starts the shared transport (the first
     * connection), so a copy per client would be made for nothing at every connection. Grizzly sets the memory
     * manager (and, with more selectors than threads, the pool size) on it when the transport starts, under Tyrus'
     * transport lock, the same values every time.
     */
    private static final ThreadPoolConfig SELECTOR_POOL = ThreadPoolConfig.defaultConfig();

    static {
        SELECTOR_POOL.getInitialMonitoringConfig().addProbes(new SelectorReads());
    }

    private SelectorReads() {}

    /** The selector pool's configuration: Grizzly's default (what Tyrus uses when none is given) with the probe. */
    static ThreadPoolConfig selectorPool() {
        return SELECTOR_POOL;
    }

    @Override
    public void onTaskQueueEvent(AbstractThreadPool threadPool, Runnable task) {
        if (task instanceof SelectorRunner runner) {
            readOnSelector(runner.getTransport());
        }
    }

    /** Sets {@code transport}'s I/O strategy to the same-thread one, once. */
    static void readOnSelector(NIOTransport transport) {
        IOStrategy current = transport.getIOStrategy();
        if (!(current instanceof SameThreadIOStrategy)) {
            transport.setIOStrategy(SameThreadIOStrategy.getInstance());
        }
    }
}
