package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.RedactedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a Java caller can inspect of a failed connect: the code the docs promise and a cause chain of exported types
 * ({@link RedactedException}) that names the original exceptions and holds no secret. Against a real host name that
 * never resolves ({@code .invalid}, RFC 2606).
 */
class CauseChainTest {

    @Test
    void anUnknownHostIsEnotfoundWithARedactedExportedCauseChain() throws Exception {
        try (WebSocketProvider p = WebSocketProvider.builder()
                .url("ws://wst-secret-tenant.invalid/chat?token=s3cr3t-t0ken")
                .messageTemplate("{{ prompt }}")
                .timeout(Duration.ofSeconds(60))
                .build()) {
            ProviderException e = assertThrows(ProviderException.class, () -> p.call("hi", CallContext.EMPTY));
            assertEquals(ProviderException.Kind.CONNECTION, e.kind());
            assertEquals(Optional.of("ENOTFOUND"), e.code());
            assertFalse(e.isTransient());

            List<String> originals = new ArrayList<>();
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                RedactedException r = assertInstanceOf(RedactedException.class, t);
                Module m = r.getClass().getModule();
                assertTrue(
                        !m.isNamed() || m.isExported(r.getClass().getPackageName()),
                        "the cause's type is exported: " + r.getClass());
                originals.add(r.originalClass());
            }
            assertTrue(
                    originals.contains("java.nio.channels.UnresolvedAddressException")
                            || originals.contains("java.net.UnknownHostException"),
                    originals.toString());

            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains("s3cr3t-t0ken"), trace.toString());
            assertFalse(trace.toString().contains("wst-secret-tenant"), trace.toString());
        }
    }
}
