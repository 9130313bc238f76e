package io.github.wstoolkit.shell.internal;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.InitialContextFactory;

/**
 * The JNDI of the {@code wst} process: an empty naming context, whose {@code lookup} answers {@code null} for every
 * name, where the JVM's default would throw {@link javax.naming.NoInitialContextException}.
 *
 * <p>Why: Tyrus asks JNDI for an application server's executors ({@code java:comp/DefaultManagedExecutorService}) every
 * time a client is made, which toolkit-ws does once per connection, and treats any failure as "none". With no JNDI
 * provider that failure is two exceptions per lookup, each with a stack trace: 1.3 % of the CPU of a 10,000-case eval
 * (docs/performance.md, the fifth session). A {@code null} is Tyrus' other way of hearing "none", without them.
 *
 * <p>Only {@link io.github.wstoolkit.shell.Wst#main} installs it (the system property
 * {@value Context#INITIAL_CONTEXT_FACTORY}, unless one is set already): a program that embeds wstoolkit keeps its own
 * JNDI. Every other operation of the context fails with {@link OperationNotSupportedException}. A class of its own
 * rather than a {@link java.lang.reflect.Proxy}: spinning the proxy class took 11 ms at the first connection.
 */
public final class NoNaming implements InitialContextFactory {

    private static final Context EMPTY = new Empty();

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

    private static final class Empty implements Context {

        private static OperationNotSupportedException none(String operation) {
            return new OperationNotSupportedException("wst has no naming service (" + operation + ")");
        }

        @Override
        public Object lookup(Name name) {
            return null;
        }

        @Override
        public Object lookup(String name) {
            return null;
        }

        @Override
        public Object lookupLink(Name name) {
            return null;
        }

        @Override
        public Object lookupLink(String name) {
            return null;
        }

        @Override
        public void bind(Name name, Object obj) throws OperationNotSupportedException {
            throw none("bind");
        }

        @Override
        public void bind(String name, Object obj) throws OperationNotSupportedException {
            throw none("bind");
        }

        @Override
        public void rebind(Name name, Object obj) throws OperationNotSupportedException {
            throw none("rebind");
        }

        @Override
        public void rebind(String name, Object obj) throws OperationNotSupportedException {
            throw none("rebind");
        }

        @Override
        public void unbind(Name name) throws OperationNotSupportedException {
            throw none("unbind");
        }

        @Override
        public void unbind(String name) throws OperationNotSupportedException {
            throw none("unbind");
        }

        @Override
        public void rename(Name oldName, Name newName) throws OperationNotSupportedException {
            throw none("rename");
        }

        @Override
        public void rename(String oldName, String newName) throws OperationNotSupportedException {
            throw none("rename");
        }

        @Override
        public NamingEnumeration<NameClassPair> list(Name name) throws OperationNotSupportedException {
            throw none("list");
        }

        @Override
        public NamingEnumeration<NameClassPair> list(String name) throws OperationNotSupportedException {
            throw none("list");
        }

        @Override
        public NamingEnumeration<javax.naming.Binding> listBindings(Name name) throws OperationNotSupportedException {
            throw none("listBindings");
        }

        @Override
        public NamingEnumeration<javax.naming.Binding> listBindings(String name) throws OperationNotSupportedException {
            throw none("listBindings");
        }

        @Override
        public void destroySubcontext(Name name) throws OperationNotSupportedException {
            throw none("destroySubcontext");
        }

        @Override
        public void destroySubcontext(String name) throws OperationNotSupportedException {
            throw none("destroySubcontext");
        }

        @Override
        public Context createSubcontext(Name name) throws OperationNotSupportedException {
            throw none("createSubcontext");
        }

        @Override
        public Context createSubcontext(String name) throws OperationNotSupportedException {
            throw none("createSubcontext");
        }

        @Override
        public NameParser getNameParser(Name name) throws OperationNotSupportedException {
            throw none("getNameParser");
        }

        @Override
        public NameParser getNameParser(String name) throws OperationNotSupportedException {
            throw none("getNameParser");
        }

        @Override
        public Name composeName(Name name, Name prefix) throws OperationNotSupportedException {
            throw none("composeName");
        }

        @Override
        public String composeName(String name, String prefix) throws OperationNotSupportedException {
            throw none("composeName");
        }

        @Override
        public Object addToEnvironment(String propName, Object propVal) {
            return null;
        }

        @Override
        public Object removeFromEnvironment(String propName) {
            return null;
        }

        @Override
        public Hashtable<?, ?> getEnvironment() {
            return new Hashtable<>();
        }

        @Override
        public void close() {}

        @Override
        public String getNameInNamespace() {
            return "";
        }

        @Override
        public String toString() {
            return "the wst process's empty naming context";
        }
    }
}
