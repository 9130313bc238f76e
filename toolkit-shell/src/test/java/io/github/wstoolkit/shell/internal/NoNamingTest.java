package io.github.wstoolkit.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NoInitialContextException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NoNamingTest {

    private String before;

    @BeforeEach
    void save() {
        before = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        } else {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, before);
        }
    }

    private static InitialContext withNoNaming() throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, NoNaming.class.getName());
        return new InitialContext(env);
    }

    @Test
    void tyrusLookupsFindNothingWithoutAnException() throws Exception {
        // what Tyrus' BaseContainer asks for at every client it makes
        InitialContext ctx = withNoNaming();
        assertNull(ctx.lookup("java:comp/DefaultManagedExecutorService"));
        assertNull(ctx.lookup("java:comp/DefaultManagedScheduledExecutorService"));
        ctx.close();
    }

    @Test
    void withoutItTheSameLookupThrows() {
        // the JVM's default, which NoNaming replaces in the wst process (the cost it saves)
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        assertThrows(NoInitialContextException.class, () -> new InitialContext()
                .lookup("java:comp/DefaultManagedExecutorService"));
    }

    @Test
    void everyOtherOperationSaysThereIsNoNamingService() throws Exception {
        InitialContext ctx = withNoNaming();
        OperationNotSupportedException e = assertThrows(OperationNotSupportedException.class, () -> ctx.bind("x", "y"));
        assertEquals("wst has no naming service (bind)", e.getMessage());
        assertThrows(OperationNotSupportedException.class, () -> ctx.list(""));
    }

    @Test
    void installKeepsAFactoryChosenBeforeIt() throws Exception {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, "com.example.TheirOwn");
        NoNaming.install();
        assertEquals("com.example.TheirOwn", System.getProperty(Context.INITIAL_CONTEXT_FACTORY));

        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        NoNaming.install();
        assertEquals(NoNaming.class.getName(), System.getProperty(Context.INITIAL_CONTEXT_FACTORY));
        assertNull(new InitialContext().lookup("java:comp/DefaultManagedExecutorService"));
    }
}
