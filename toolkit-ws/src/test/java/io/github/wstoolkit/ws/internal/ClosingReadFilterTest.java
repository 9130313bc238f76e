package io.github.wstoolkit.ws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Tyrus' closing-connection read race stays out of the log; every other Grizzly record gets through. */
class ClosingReadFilterTest {

    private static final String CLIENT_FILTER = "org.glassfish.tyrus.container.grizzly.client.GrizzlyClientFilter";

    private static <T extends Throwable> T thrownAt(T t, String className, String method) {
        t.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(className, method, null, -1),
            new StackTraceElement("org.glassfish.grizzly.filterchain.ExecutorResolver$9", "execute", null, -1)
        });
        return t;
    }

    private static LogRecord record(Throwable t) {
        LogRecord r = new LogRecord(Level.WARNING, "GRIZZLY0013: Exception during FilterChain execution");
        r.setThrown(t);
        return r;
    }

    @Test
    void onlyANullPointerThrownInTheClientFiltersReadIsDropped() {
        ClosingReadFilter f = new ClosingReadFilter(null);
        assertFalse(f.isLoggable(record(thrownAt(new NullPointerException(), CLIENT_FILTER, "handleRead"))));
        assertTrue(f.isLoggable(record(thrownAt(new NullPointerException(), CLIENT_FILTER, "handleClose"))));
        assertTrue(f.isLoggable(record(thrownAt(new NullPointerException(), "org.example.Other", "handleRead"))));
        assertTrue(f.isLoggable(record(thrownAt(new IllegalStateException(), CLIENT_FILTER, "handleRead"))));
        assertTrue(f.isLoggable(record(null)));
        NullPointerException noStack = new NullPointerException();
        noStack.setStackTrace(new StackTraceElement[0]);
        assertTrue(f.isLoggable(record(noStack)));
    }

    @Test
    void theFilterThatWasThereBeforeStillDecidesEveryOtherRecord() {
        ClosingReadFilter f = new ClosingReadFilter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        assertFalse(f.isLoggable(record(new IllegalStateException())));
        LogRecord severe = record(new IllegalStateException());
        severe.setLevel(Level.SEVERE);
        assertTrue(f.isLoggable(severe));
    }

    @Test
    void installedOnGrizzlysLoggerOnceWhenTheFirstClientIsMade() {
        TyrusClients.forMaxMessageSize(1024); // loads TyrusClients, which installs the filter
        ClosingReadFilter.install(); // a second install does not wrap the first
        Logger chain = Logger.getLogger("org.glassfish.grizzly.filterchain.DefaultFilterChain");
        ClosingReadFilter installed = assertInstanceOf(ClosingReadFilter.class, chain.getFilter());
        assertFalse(installed.isLoggable(record(thrownAt(new NullPointerException(), CLIENT_FILTER, "handleRead"))));

        List<LogRecord> seen = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        chain.addHandler(capture);
        boolean parents = chain.getUseParentHandlers();
        chain.setUseParentHandlers(false);
        try {
            chain.log(record(thrownAt(new NullPointerException(), CLIENT_FILTER, "handleRead")));
            LogRecord other = record(thrownAt(new NullPointerException(), "org.example.Other", "run"));
            chain.log(other);
        } finally {
            chain.removeHandler(capture);
            chain.setUseParentHandlers(parents);
        }
        assertEquals(1, seen.size());
        assertEquals(
                "org.example.Other",
                seen.getFirst().getThrown().getStackTrace()[0].getClassName());
    }
}
