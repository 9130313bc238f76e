package io.github.wstoolkit.shell.internal;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.InitialContextFactory;

/**
 * The JNDI of the {@code wst} process: an empty naming context, whose {@code lookup} answers {@code null} for every
 * name, where the JVM's default would throw {@link javax.naming.NoInitialContextException}.
 *
 * <p>Why: Tyrus asks JNDI for an application server's executors ({@code java:comp/DefaultManagedExecutorService}) every
 * time a client is made, which toolkit-ws does once per connection, and treats any failure as "none". With no JNDI
 * provider that failure is two exceptions per lookup, each with a stack trace: 1.2 % of the CPU of a 10,000-case eval
 * (docs/performance.md, the fifth session). A {@code null} is Tyrus' other way of hearing "none", without them.
 *
 * <p>Only {@link io.github.wstoolkit.shell.Wst#main} installs it (the system property
 * {@value Context#INITIAL_CONTEXT_FACTORY}, unless one is set already): a program that embeds wstoolkit keeps its own
 * JNDI. Every other operation of the context fails with {@link OperationNotSupportedException}.
 */
public final class NoNaming implements InitialContextFactory {

    private static final Context EMPTY = (Context)
            Proxy.newProxyInstance(NoNaming.class.getClassLoader(), new Class<?>[] {Context.class}, NoNaming::answer);

    /** Makes this the JVM's JNDI, unless something already chose one. */
    public static void install() {
        if (System.getProperty(Context.INITIAL_CONTEXT_FACTORY) == null) {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, NoNaming.class.getName());
        }
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return EMPTY;
    }

    private static Object answer(Object proxy, java.lang.reflect.Method method, Object[] args)
            throws OperationNotSupportedException {
        return switch (method.getName()) {
            case "lookup", "lookupLink" -> null;
            case "close" -> null;
            case "getEnvironment" -> new Hashtable<>();
            case "getNameInNamespace" -> "";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "the wst process's empty naming context";
            default -> throw new OperationNotSupportedException("wst has no naming service (" + method.getName() + ")");
        };
    }
}
