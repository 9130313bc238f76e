package io.github.wstoolkit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.mockserver.MockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many short calls at once against the mock server's seed endpoints: every call must succeed. Connection churn at
 * concurrency 32 is where Tyrus' client raced itself before (shared executors shut down under a new connect; the
 * shared transport stopped under one); a failure here names the exception chain that got through.
 */
class WebSocketProviderStressTest {

    private static final int CALLS = 240;
    private static final int CONCURRENCY = 32;

    @Test
    void twoHundredFortyCallsAtConcurrency32AllSucceedOnEverySeedEndpoint() throws Exception {
        try (MockServer server = MockServer.builder().port(0).start()) {
            List<WebSocketProvider> providers = new ArrayList<>();
            List<String> paths = List.of("/ws-stream", "/ws", "/");
            for (String path : paths) {
                providers.add(WebSocketProvider.builder()
                        .url(server.wsUri(path).toString())
                        .messageTemplate("{\"input\": {{ prompt | dump }}}")
                        .timeout(Duration.ofSeconds(30))
                        .build());
            }
            List<Future<ProviderResponse>> calls = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
                for (int i = 0; i < CALLS; i++) {
                    WebSocketProvider p = providers.get(i % providers.size());
                    calls.add(pool.submit(() -> p.call("hello there", CallContext.EMPTY)));
                }
                List<String> failures = new ArrayList<>();
                for (Future<ProviderResponse> f : calls) {
                    try {
                        ProviderResponse r = f.get(60, TimeUnit.SECONDS);
                        if (r.error().isPresent()) {
                            failures.add("error: " + r.error().get());
                        } else if (r.output() == null) {
                            failures.add("no output");
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        StringBuilder chain = new StringBuilder();
                        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                            chain.append(" <- ").append(t);
                        }
                        failures.add(chain.toString());
                    }
                }
                assertEquals(List.of(), failures, failures.size() + " of " + CALLS + " calls failed");
            }
            providers.forEach(WebSocketProvider::close);
        }
    }

    /**
     * Conversations driven from the listener: each answer's callback sends the next message, on 32 connections at
     * once, 40 exchanges each. The callbacks run on the transport's selector threads and their sends are queued
     * (WsConnection); every conversation must reach its end, with its answers in order.
     */
    @Test
    void thirtyTwoConversationsDrivenFromTheirCallbacksAllFinish() throws Exception {
        int exchanges = 40;
        try (MockServer server = MockServer.builder().port(0).start()) {
            List<WsConnection> connections = new ArrayList<>();
            List<CompletableFuture<List<String>>> ends = new ArrayList<>();
            try {
                for (int c = 0; c < CONCURRENCY; c++) {
                    CompletableFuture<WsConnection> self = new CompletableFuture<>();
                    CompletableFuture<List<String>> end = new CompletableFuture<>();
                    List<String> answers = new ArrayList<>();
                    String name = "c" + c;
                    WsConnection conn = WsConnection.open(
                            WsConnectOptions.builder(server.wsUri("/ws")).build(), new WsListener() {
                                @Override
                                public void onText(String text) {
                                    answers.add(text);
                                    if (answers.size() == exchanges) {
                                        end.complete(List.copyOf(answers));
                                        return;
                                    }
                                    try {
                                        self.join().sendText(message(name, answers.size()));
                                    } catch (ProviderException e) {
                                        end.completeExceptionally(e);
                                    }
                                }

                                @Override
                                public void onClose(int code, String reason) {
                                    end.completeExceptionally(new AssertionError(name + " closed: " + code));
                                }
                            });
                    self.complete(conn);
                    connections.add(conn);
                    ends.add(end);
                }
                for (int c = 0; c < CONCURRENCY; c++) {
                    connections.get(c).sendText(message("c" + c, 0));
                }
                for (int c = 0; c < CONCURRENCY; c++) {
                    List<String> answers = ends.get(c).get(60, TimeUnit.SECONDS);
                    for (int i = 0; i < exchanges; i++) {
                        String said = "c" + c + " says " + i;
                        assertTrue(answers.get(i).contains(said), "answer " + i + " of c" + c + ": " + answers.get(i));
                    }
                }
            } finally {
                connections.forEach(WsConnection::close);
            }
        }
    }

    private static String message(String name, int n) {
        return "{\"input\": \"" + name + " says " + n + "\"}";
    }
}
