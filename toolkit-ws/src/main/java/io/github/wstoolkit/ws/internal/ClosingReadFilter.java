package io.github.wstoolkit.ws.internal;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps one known Tyrus race out of the user's terminal. Tyrus' Grizzly client (2.2.2) sometimes hands a frame that
 * arrives while its connection is closing to a connection whose task processor is already gone; {@code
 * GrizzlyClientFilter.handleRead} then throws a {@link NullPointerException}, which Grizzly logs at WARNING with its
 * stack trace ({@code GRIZZLY0013: Exception during FilterChain execution}). It was seen about once in 10,000 streamed
 * calls, after each call had its answer: the frame lost is one the call no longer reads. A frame a call still waits
 * for would end that call with its own error (a timeout, a close), so hiding the log hides no failure: this filter
 * turns exactly that record (a {@code NullPointerException} thrown in {@code GrizzlyClientFilter.handleRead}) into a
 * debug line of ours and lets every other record through to the filter that was there before.
 */
final class ClosingReadFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(ClosingReadFilter.class.getName());

    /** Grizzly's logger of filter-chain failures. Kept strongly: java.util.logging forgets an unreferenced logger's filter. */
    private static final Logger CHAIN = Logger.getLogger("org.glassfish.grizzly.filterchain.DefaultFilterChain");

    private static final String CLIENT_FILTER = "org.glassfish.tyrus.container.grizzly.client.GrizzlyClientFilter";

    private final Filter previous;

    ClosingReadFilter(Filter previous) {
        this.previous = previous;
    }

    /** Installs the filter on Grizzly's filter-chain logger, once. */
    static synchronized void install() {
        if (!(CHAIN.getFilter() instanceof ClosingReadFilter)) {
            CHAIN.setFilter(new ClosingReadFilter(CHAIN.getFilter()));
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (isClosingRead(record.getThrown())) {
            LOG.log(System.Logger.Level.DEBUG, "a frame read on a closing connection was dropped by Tyrus");
            return false;
        }
        return previous == null || previous.isLoggable(record);
    }

    /** Whether {@code t} is Tyrus' read on a connection without its task processor. */
    static boolean isClosingRead(Throwable t) {
        if (!(t instanceof NullPointerException)) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0
                && stack[0].getClassName().equals(CLIENT_FILTER)
                && stack[0].getMethodName().equals("handleRead");
    }
}
