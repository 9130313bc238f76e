package io.github.wstoolkit.eval;

import io.github.wstoolkit.api.CallContext;
import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.api.ConversationTurn;
import io.github.wstoolkit.api.Provider;
import io.github.wstoolkit.api.ProviderException;
import io.github.wstoolkit.api.ProviderRegistry;
import io.github.wstoolkit.api.ProviderResponse;
import io.github.wstoolkit.api.ProviderSpec;
import io.github.wstoolkit.api.Redaction;
import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.api.spi.TransformCompiler;
import io.github.wstoolkit.api.template.TemplateEngine;
import io.github.wstoolkit.eval.EvalPlan.Case;
import io.github.wstoolkit.eval.internal.Assertions;
import io.github.wstoolkit.eval.internal.Deadlines;
import io.github.wstoolkit.eval.internal.EvalIds;
import io.github.wstoolkit.eval.internal.Graders;
import io.github.wstoolkit.eval.internal.ResponseMaps;
import io.github.wstoolkit.eval.internal.RetryPolicy;
import io.github.wstoolkit.eval.internal.SpilledResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an {@link EvalConfig}: every prompt × provider × test (× repetition) is a case, run on its own virtual thread,
 * at most {@code maxConcurrency} at once. Transient provider failures are retried with exponential backoff; a case
 * that fails is recorded as an error and the run goes on. Cases of one conversation (a test's
 * {@code metadata.conversationId}, or a prompt that uses {@code _conversation}) run in order, while different
 * conversations run in parallel.
 *
 * <pre>{@code
 * try (Eval eval = Eval.builder().config(ConfigLoader.load(path)).build()) {
 *     EvalRun run = eval.run();
 *     System.out.println(run.stats().summaryLine());
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} creates the providers, so a config whose provider cannot be created fails before any call. An
 * {@code Eval} runs once.
 */
public final class Eval implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Eval.class.getName());

    /** How long after a case's deadline its provider and grader calls are told to end (see runCase). */
    private static final Duration CALL_DEADLINE_GRACE = Duration.ofMillis(100);

    /** How long a stopped run waits for the calls in flight to notice the interrupt. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final EvalConfig config;
    private final RunOptions options;
    private final EvalListener listener;
    private final Map<String, String> env;
    private final ProviderRegistry registry;
    private final TemplateEngine engine;
    private final List<Provider> providers;
    private final List<ProviderEntry> entries;
    private final Map<String, Provider> graders = new ConcurrentHashMap<>();
    /** promptfoo's registers: outputs kept by {@code options.storeOutputAs}, seen by later cases as vars. */
    private final Map<String, Object> registers = new ConcurrentHashMap<>();

    private final Assertions assertions;
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    /** Each case's prompt text, rendered before the run when the prompt is a function (see run()). */
    private Map<Integer, String> prerendered = Map.of();
    /** Cases whose prompt function did not return within the case's deadline (see renderPromptFunctions). */
    private java.util.Set<Integer> promptTimeouts = java.util.Set.of();
    /** Each provider's retry policy, by provider index. */
    private final List<RetryPolicy> retryPolicies;
    /** Cases left behind at their deadline (their threads may still run). */
    private final java.util.concurrent.atomic.AtomicInteger abandoned = new java.util.concurrent.atomic.AtomicInteger();

    private volatile boolean cancelled;

    private Eval(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.options = b.options;
        this.listener = b.listener;
        ProviderRegistry r = b.registry != null ? b.registry : ProviderRegistry.load();
        this.registry = b.compiler != null ? r.withTransformCompiler(b.compiler) : r;
        Map<String, String> e = new LinkedHashMap<>(b.env);
        e.putAll(config.env());
        // an immutable map: every call's CallContext takes it as it is (Map.copyOf of an unmodifiable view copied
        // the whole environment per call), and a provider finds its template engine for it by identity
        this.env = Map.copyOf(e);
        this.engine = TemplateEngine.builder()
                .filters(config.nunjucksFilters())
                .env(env)
                .build();
        this.assertions =
                new Assertions(engine, this::grader, Graders.defaultGrader(env).orElse(null));
        List<ProviderEntry> selected = new ArrayList<>();
        for (ProviderEntry p : config.providers()) {
            if (options.filterProviders().isEmpty()
                    || options.filterProviders().get().matcher(p.id()).find()
                    || p.label()
                            .map(l -> options.filterProviders().get().matcher(l).find())
                            .orElse(false)) {
                selected.add(p);
            }
        }
        if (selected.isEmpty()) {
            throw new ConfigException("no provider matches --filter-providers "
                    + options.filterProviders().map(Object::toString).orElse("") + " (providers: "
                    + String.join(
                            ", ",
                            config.providers().stream()
                                    .map(p -> Redaction.redactUrl(p.displayName()))
                                    .toList())
                    + ")");
        }
        this.entries = List.copyOf(selected);
        List<RetryPolicy> policies = new ArrayList<>();
        for (ProviderEntry p : entries) {
            try {
                policies.add(RetryPolicy.of(p.config(), "providers[" + positionOf(config.providers(), p) + "].config"));
            } catch (ConfigException bad) {
                throw p.placed(bad);
            }
        }
        this.retryPolicies = List.copyOf(policies);
        List<Provider> created = new ArrayList<>();
        try {
            for (ProviderEntry p : entries) {
                created.add(create(p));
            }
        } catch (RuntimeException ex) {
            created.forEach(Provider::close);
            throw ex;
        }
        this.providers = List.copyOf(created);
    }

    public static Builder builder() {
        return new Builder();
    }

    private Provider create(ProviderEntry p) {
        // the registry renders the env templates of the id and config, as promptfoo's loader does
        try {
            return registry.create(new ProviderSpec(p.id(), p.label(), p.config(), p.baseDir(), env));
        } catch (ConfigException e) {
            throw p.placed(e);
        }
    }

    private Provider grader(Object spec) {
        String key = Json.stringify(spec);
        return graders.computeIfAbsent(key, k -> {
            if (spec instanceof String id) {
                return create(new ProviderEntry(id, Optional.empty(), Map.of(), baseDir(), Optional.empty()));
            }
            if (spec instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                Map<String, Object> cfg = new LinkedHashMap<>();
                if (m.get("config") instanceof Map<?, ?> c) {
                    c.forEach((a, b) -> cfg.put(String.valueOf(a), b));
                }
                Optional<String> label =
                        m.get("label") == null ? Optional.empty() : Optional.of(String.valueOf(m.get("label")));
                return create(new ProviderEntry(id, label, cfg, baseDir(), Optional.empty()));
            }
            throw new ConfigException("a grader provider must be an id or {id, config}, got " + key);
        });
    }

    private java.nio.file.Path baseDir() {
        return config.files().isEmpty()
                ? java.nio.file.Path.of("").toAbsolutePath()
                : config.files().getFirst().getParent();
    }

    /** The providers this run calls (after {@code --filter-providers}). */
    public List<Provider> providers() {
        return providers;
    }

    /**
     * The cases the run will execute, in plan order: test, repetition, provider, prompt; held as positions (see
     * {@link EvalPlan}), each case made when it runs.
     */
    private EvalPlan plan() {
        TestCase defaults = config.defaultTest();
        if (!options.vars().isEmpty()) {
            Map<String, Object> v = new LinkedHashMap<>(defaults.vars());
            v.putAll(options.vars());
            defaults = defaults.withVars(v);
        }
        EvalPlan plan = EvalPlan.of(
                config.tests(),
                defaults,
                options.filterPattern(),
                options.filterFirstN(),
                settings().repeat().orElse(1),
                providers.size(),
                config.prompts());
        if (options.selectCases().isPresent()) {
            // the selection sees the whole plan, each case made as it is read; what it keeps is kept as indices.
            // A case keeps its plan index when others are left out, so a resumed run's results line up with the
            // first run's.
            plan.select(options.selectCases().get().apply(plan.planned(this::planned)));
        }
        return plan;
    }

    /**
     * Stops a run in progress: cases not finished are abandoned, those finished are kept, and {@link #run()} returns
     * an interrupted {@link EvalRun}. Safe to call from any thread (a shutdown hook on Ctrl-C).
     */
    public void cancel() {
        cancelled = true;
        Thread t = runner.get();
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Runs every case and returns the results in plan order. If the calling thread is interrupted (or
     * {@link #cancel()} is called, or {@code evaluateOptions.maxEvalTimeMs} passes), the cases in flight are
     * interrupted and the run returns what finished, marked {@link EvalRun#interrupted()}. Providers and graders
     * are closed at the end.
     *
     * @throws ConfigException before any call, when a prompt function throws (see {@code docs/eval.md})
     */
    public EvalRun run() {
        if (!runner.compareAndSet(null, Thread.currentThread())) {
            throw new IllegalStateException("an Eval runs once");
        }
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        EvalPlan plan = plan();
        EvaluateOptions eo = settings();
        OptionalLong timeout = eo.timeoutMs();
        try {
            createGraders(plan);
            prerendered = renderPromptFunctions(plan, timeout);
        } catch (ConfigException e) {
            closeAll(false);
            throw e;
        }
        int concurrency = eo.maxConcurrency().orElse(RunOptions.DEFAULT_MAX_CONCURRENCY);
        long delay = eo.delay().orElse(0);
        if (delay > 0 && concurrency > 1) {
            listener.note("Running at concurrency 1 because a " + delay + "ms delay between calls was requested.");
            concurrency = 1;
        }
        if (concurrency > 1 && storesOutput(plan)) {
            // as promptfoo: a later test reads what an earlier one stored, so the plan runs in order
            listener.note("Running at concurrency 1 because storeOutputAs is used.");
            concurrency = 1;
        }
        int caseCount = plan.size();
        listener.started(caseCount, concurrency);
        // indexed by plan index: selected cases keep theirs (the last case has the highest)
        // held in memory up to a point, then written to a temporary file as they finish (SpilledResults)
        int planSize = caseCount == 0 ? 0 : plan.planIndex(caseCount - 1) + 1;
        SpilledResults results =
                options.keepResults() ? SpilledResults.forRun(planSize) : SpilledResults.countingOnly(planSize);
        results.expect(caseCount);
        Map<String, List<ConversationTurn>> conversations = new ConcurrentHashMap<>();
        Iterator<int[]> groups = groups(plan, concurrency);
        boolean interrupted = false;
        long finalDelay = delay;
        // not try-with-resources: close() would wait for calls that ignore interrupts; a stopped run waits a little
        ExecutorService exec = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("wst-eval-", 0).factory());
        long deadline = eo.maxEvalTimeMs().isPresent()
                ? System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(eo.maxEvalTimeMs().getAsLong())
                : Long.MAX_VALUE;
        // as many workers as the concurrency, each taking the next group when its last one is done: a thread per
        // case, started by this thread as a permit came free, cost a thread start and two hand-offs per case
        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < Math.max(1, concurrency); w++) {
            workers.add(exec.submit(() -> {
                work(plan, groups, stopping, deadline, conversations, timeout, results, finalDelay);
                return null;
            }));
        }
        boolean timedOut = false;
        try {
            for (Future<?> f : workers) {
                try {
                    if (deadline == Long.MAX_VALUE) {
                        f.get();
                    } else {
                        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                } catch (ExecutionException e) {
                    LOG.log(System.Logger.Level.ERROR, "a case group failed unexpectedly", e.getCause());
                } catch (TimeoutException e) {
                    timedOut = true;
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            timedOut |= deadline != Long.MAX_VALUE && groupsLeft(groups) && System.nanoTime() >= deadline;
            if (timedOut) {
                listener.note("Stopping: evaluateOptions.maxEvalTimeMs ("
                        + eo.maxEvalTimeMs().getAsLong() + " ms) has passed.");
                interrupted = true;
            }
            if (interrupted || cancelled) {
                interrupted = true;
                stopping.set(true); // before the interrupts: a worker that clears a stray one then sees it
                exec.shutdownNow();
                Thread.interrupted();
                try {
                    if (!exec.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        LOG.log(System.Logger.Level.WARNING, "some calls did not stop when interrupted; abandoned");
                    }
                } catch (InterruptedException e) {
                    // stopping anyway
                }
            } else {
                exec.shutdown();
            }
        } finally {
            Thread.interrupted(); // the run is over; do not leak an interrupt into closing the providers
            // cases left behind at their deadline may still hold a provider: do not wait on them either
            closeAll(interrupted || cancelled || abandoned.get() > 0);
        }
        List<EvalResult> done = results.seal();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return new EvalRun(
                EvalIds.next(started),
                started,
                config,
                done,
                results.stats(ms),
                caseCount,
                interrupted || done.size() < caseCount);
    }

    /**
     * The groups of cases that run, as plan indices, in the order they start: a conversation's cases form one group
     * that runs in order (all the cases, with {@code -j 1}), every other case is a group of one. Only the
     * conversations' groups are held (by where their first case is); a group of one is made when the run comes to
     * it, so a plan of 100,000 cases without conversations holds nothing per case here.
     */
    private Iterator<int[]> groups(EvalPlan plan, int concurrency) {
        int n = plan.size();
        if (concurrency == 1) {
            // -j 1 runs the plan strictly in order, as promptfoo does
            return n == 0
                    ? Collections.emptyIterator()
                    : List.of(plan.planIndices()).iterator();
        }
        Map<String, List<Integer>> keyed = new HashMap<>();
        Map<Integer, List<Integer>> startingAt = new HashMap<>();
        // the order a one-session-at-a-time provider runs its conversations in: each one's first case, in plan order
        Map<String, Integer> firstSeen = new HashMap<>();
        Map<Integer, Integer> conversationRank = new HashMap<>();
        for (int k = 0; k < n; k++) {
            int index = plan.planIndex(k);
            if (!needsOrder(plan, index)) {
                continue;
            }
            String key;
            int provider = plan.providerIndex(index);
            String conversation = conversationKey(provider, plan.prompt(index), plan.conversationId(index));
            if (providers.get(provider).supportsConcurrentConversations()) {
                key = "conv:" + conversation;
            } else {
                // one session at a time: this provider's conversations run one after another, each contiguous
                key = "provider:" + provider;
                Integer rank = firstSeen.computeIfAbsent(conversation, c -> firstSeen.size());
                conversationRank.put(index, rank);
            }
            List<Integer> group = keyed.get(key);
            if (group == null) {
                group = new ArrayList<>();
                keyed.put(key, group);
                startingAt.put(k, group);
            }
            group.add(index);
        }
        keyed.forEach((key, g) -> {
            if (key.startsWith("provider:")) {
                g.sort(java.util.Comparator.comparingInt((Integer i) -> conversationRank.get(i))
                        .thenComparingInt(i -> i));
            }
        });
        return new Iterator<>() {
            private int k;
            private int[] next = advance();

            private int[] advance() {
                while (k < n) {
                    int index = plan.planIndex(k);
                    List<Integer> group = startingAt.remove(k);
                    k++;
                    if (group != null) {
                        return group.stream().mapToInt(Integer::intValue).toArray();
                    }
                    if (!needsOrder(plan, index)) {
                        return new int[] {index};
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public int[] next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                int[] g = next;
                next = advance();
                return g;
            }
        };
    }

    /**
     * One of the run's workers: takes the next group of cases (under the iterator's lock) and runs its cases one after
     * another, until there is none left, the run stops, or {@code evaluateOptions.maxEvalTimeMs} passes. A case (and
     * its test) is made when the worker comes to it, so only the cases in flight hold a test.
     */
    private void work(
            EvalPlan plan,
            Iterator<int[]> groups,
            AtomicBoolean stopping,
            long deadline,
            Map<String, List<ConversationTurn>> conversations,
            OptionalLong timeout,
            SpilledResults results,
            long delay)
            throws InterruptedException {
        while (true) {
            if (stopping.get() || cancelled || (deadline != Long.MAX_VALUE && System.nanoTime() >= deadline)) {
                return;
            }
            int[] group;
            synchronized (groups) {
                if (!groups.hasNext()) {
                    return;
                }
                group = groups.next();
            }
            try {
                for (int index : group) {
                    // an interrupt a case left on this thread (a transform that restored its flag) is not the next
                    // case's; one that stops the run comes after `stopping` is set, so it is never lost here
                    Thread.interrupted();
                    if (stopping.get() || cancelled) {
                        return;
                    }
                    EvalResult r = runCase(plan.caseAt(index), conversations, timeout);
                    results.record(r);
                    listener.finished(r);
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                }
            } catch (RuntimeException e) {
                // a bug, not a case's failure (those are results): the rest of this group is lost, not the run
                LOG.log(System.Logger.Level.ERROR, "a case group failed unexpectedly", e);
            }
        }
    }

    /** Whether the run's iterator of groups has more (read under its lock, as the workers read it). */
    private static boolean groupsLeft(Iterator<int[]> groups) {
        synchronized (groups) {
            return groups.hasNext();
        }
    }

    /**
     * Closes providers and graders. A stopped run does not wait more than {@link #STOP_GRACE} for them: a provider
     * may wait for its calls in flight, which a stopped run abandons.
     */
    private void closeAll(boolean stopped) {
        List<Provider> all = new ArrayList<>(providers);
        all.addAll(graders.values());
        if (!stopped) {
            all.forEach(Eval::closeQuietly);
            return;
        }
        Thread closer = Thread.ofVirtual().name("wst-eval-close").start(() -> all.forEach(Eval::closeQuietly));
        try {
            if (!closer.join(STOP_GRACE)) {
                LOG.log(System.Logger.Level.WARNING, "providers are still closing; not waiting for them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Provider p) {
        try {
            p.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing provider " + p.id() + " failed: " + e.getMessage());
        }
    }

    /** The config's evaluateOptions with what the caller's RunOptions set on top. */
    private EvaluateOptions settings() {
        return config.evaluateOptions().overriddenBy(options.evaluateOptions());
    }

    /** A case as {@link RunOptions#selectCases()} sees it. */
    private PlannedCase planned(Case c) {
        Provider p = providers.get(c.providerIndex());
        return new PlannedCase(
                c.index(),
                c.testIndex(),
                c.promptIndex(),
                c.repeatIndex(),
                c.test(),
                c.prompt(),
                p.id(),
                entries.get(c.providerIndex()).label().orElse(p.id()),
                needsOrder(c) ? Optional.of(conversationKey(c)) : Optional.empty());
    }

    private static boolean needsOrder(Case c) {
        return needsOrder(c.prompt(), c.test().conversationId());
    }

    /** {@link #needsOrder(Case)} of the case at this plan index, without making it. */
    private static boolean needsOrder(EvalPlan plan, int index) {
        return needsOrder(plan.prompt(index), plan.conversationId(index));
    }

    /** A case belongs to a conversation when its prompt uses {@code _conversation} or its test has an id. */
    private static boolean needsOrder(PromptSpec prompt, Optional<String> conversationId) {
        return prompt.usesConversation() || conversationId.isPresent();
    }

    /** promptfoo's key: {@code <label or id>:<prompt id>} and {@code :<conversationId>} when the test has one. */
    private String conversationKey(Case c) {
        return conversationKey(c.providerIndex(), c.prompt(), c.test().conversationId());
    }

    private String conversationKey(int providerIndex, PromptSpec prompt, Optional<String> conversationId) {
        Provider p = providers.get(providerIndex);
        String name = entries.get(providerIndex).label().orElse(p.id());
        return name + ":" + prompt.id() + conversationId.map(id -> ":" + id).orElse("");
    }

    /** What a case has done so far, for the result of a case its deadline ended. */
    private static final class CaseProgress {
        volatile String rendered = "";
        volatile int attempts;
        volatile long callStartNanos;
        volatile boolean inCall;
        volatile boolean abandoned;
        final List<AttemptError> errors = Collections.synchronizedList(new ArrayList<>());
    }

    /**
     * Runs a case within its deadline ({@code evaluateOptions.timeoutMs}), whatever the code it runs does: the case
     * runs on a thread of its own and at the deadline it is interrupted and left behind (a transform or prompt
     * function that loops or blocks cannot hold the run), and the case is an error. Without a timeout the case runs
     * on the calling thread.
     */
    private EvalResult runCase(Case c, Map<String, List<ConversationTurn>> conversations, OptionalLong timeout)
            throws InterruptedException {
        CaseProgress progress = new CaseProgress();
        if (timeout.isEmpty()) {
            return runCase(c, conversations, timeout, null, progress);
        }
        if (promptTimeouts.contains(c.index())) {
            return timedOut(c, progress, timeout.getAsLong(), timeout.getAsLong());
        }
        long start = System.nanoTime();
        long deadlineNanos = start + TimeUnit.MILLISECONDS.toNanos(timeout.getAsLong());
        Instant deadline = Instant.now().plusMillis(timeout.getAsLong());
        try {
            EvalResult r = Deadlines.callBefore(
                    deadlineNanos,
                    "wst-case-" + c.index(),
                    () -> runCase(c, conversations, timeout, deadline, progress));
            if (r.error().isEmpty() || System.nanoTime() < deadlineNanos) {
                return r;
            }
            // an error that came back after the deadline is the deadline's doing (the interrupt, or the provider's
            // own deadline, which is the case's): it reads as the timeout
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "case {0} passed its deadline; left behind", c.index());
        } catch (ExecutionException e) {
            if (System.nanoTime() < deadlineNanos) {
                LOG.log(System.Logger.Level.ERROR, "case " + c.index() + " failed unexpectedly", e.getCause());
                Provider provider = providers.get(c.providerIndex());
                return error(
                        c,
                        provider,
                        entries.get(c.providerIndex()).label().orElse(provider.id()),
                        new LinkedHashMap<>(c.test().vars()),
                        progress.rendered,
                        null,
                        "Error: " + e.getCause(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                        progress.attempts,
                        List.copyOf(progress.errors));
            }
        }
        progress.abandoned = true;
        abandoned.incrementAndGet();
        return timedOut(c, progress, timeout.getAsLong(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The result of a case its deadline ended: the timeout, with the attempts made until then. */
    private EvalResult timedOut(Case c, CaseProgress progress, long timeoutMs, long latencyMs) {
        Provider provider = providers.get(c.providerIndex());
        String failure = "Error: Evaluation timed out after " + timeoutMs + "ms";
        List<AttemptError> errors = new ArrayList<>(progress.errors);
        if (progress.inCall) {
            errors.add(new AttemptError(
                    progress.attempts,
                    failure,
                    Optional.of("TIMEOUT"),
                    java.util.OptionalInt.empty(),
                    java.util.OptionalInt.empty(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - progress.callStartNanos),
                    OptionalLong.empty()));
        }
        return error(
                c,
                provider,
                entries.get(c.providerIndex()).label().orElse(provider.id()),
                new LinkedHashMap<>(c.test().vars()),
                progress.rendered,
                null,
                failure,
                latencyMs,
                progress.attempts,
                errors);
    }

    private EvalResult runCase(
            Case c,
            Map<String, List<ConversationTurn>> conversations,
            OptionalLong timeout,
            Instant deadline,
            CaseProgress progress)
            throws InterruptedException {
        Provider provider = providers.get(c.providerIndex());
        String label = entries.get(c.providerIndex()).label().orElse(provider.id());
        TestCase test = c.test();
        Map<String, Object> vars = new LinkedHashMap<>(test.vars());
        vars.putAll(registers); // stored outputs win over the test's vars, as promptfoo's Object.assign does
        // history is kept only for cases that can see it (the prompt mentions _conversation, or the test names a
        // conversation): copying one shared history into every case of a large plan would cost O(n^2)
        List<ConversationTurn> history = needsOrder(c)
                ? conversations.computeIfAbsent(
                        conversationKey(c), k -> Collections.synchronizedList(new ArrayList<>()))
                : null;
        List<ConversationTurn> turns;
        if (history == null) {
            turns = List.of();
        } else {
            synchronized (history) {
                turns = List.copyOf(history);
            }
        }
        boolean disabled = env.containsKey("PROMPTFOO_DISABLE_CONVERSATION_VAR")
                        && !env.get("PROMPTFOO_DISABLE_CONVERSATION_VAR").isEmpty()
                        && !"false".equalsIgnoreCase(env.get("PROMPTFOO_DISABLE_CONVERSATION_VAR"))
                || Boolean.TRUE.equals(test.options().get("disableConversationVar"));
        Map<String, Object> renderVars = new LinkedHashMap<>(vars);
        if (c.prompt().usesConversation() && !disabled) {
            renderVars.put(
                    "_conversation", turns.stream().map(ConversationTurn::toMap).toList());
        }
        Map<String, Object> providerInfo = new LinkedHashMap<>();
        providerInfo.put("id", provider.id());
        providerInfo.put("label", label);
        String rendered = prerendered.get(c.index());
        try {
            if (rendered == null) {
                rendered = render(c.prompt(), renderVars, providerInfo);
            }
        } catch (RuntimeException e) {
            return error(c, provider, label, vars, "", null, "Error rendering prompt: " + e.getMessage(), 0, 0);
        } catch (Exception e) {
            return error(c, provider, label, vars, "", null, "Error rendering prompt: " + e.getMessage(), 0, 0);
        }
        Map<String, Object> promptInfo = new LinkedHashMap<>();
        promptInfo.put("raw", c.prompt().raw());
        promptInfo.put("label", c.prompt().label());
        promptInfo.put("id", c.prompt().id());
        progress.rendered = rendered;
        // the provider (and a grader) end their calls a moment after the case's deadline: the engine's own deadline
        // comes first, so a case that runs out of time always reads as the case's timeout
        Instant callDeadline = deadline == null ? null : deadline.plus(CALL_DEADLINE_GRACE);
        CallContext ctx = CallContext.builder()
                .vars(renderVars)
                .test(test.toMap())
                .prompt(promptInfo)
                .conversation(turns)
                .deadline(callDeadline)
                .filters(config.nunjucksFilters())
                .env(env)
                .build();
        RetryPolicy policy = retryPolicies.get(c.providerIndex());
        long start = System.nanoTime();
        ProviderResponse response = null;
        String failure = null;
        CallTimings failedTimings = null;
        int attempt = 0;
        while (true) {
            attempt++;
            progress.attempts = attempt;
            long callStart = System.nanoTime();
            progress.callStartNanos = callStart;
            progress.inCall = true;
            try {
                response = provider.call(rendered, ctx);
                progress.inCall = false;
                break;
            } catch (ProviderException e) {
                progress.inCall = false;
                long callMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callStart);
                Duration delay = attempt <= policy.maxRetries() && policy.retries(e)
                        ? RetryPolicy.delay(attempt, e, options.retryBaseDelay(), options.retryMaxDelay())
                        : null;
                if (delay != null
                        && deadline != null
                        && Instant.now().plus(delay).isAfter(deadline)) {
                    delay = null; // a retry that cannot start before the case's deadline: report this failure
                }
                progress.errors.add(AttemptError.of(
                        attempt, e, callMs, delay == null ? OptionalLong.empty() : OptionalLong.of(delay.toMillis())));
                if (delay != null) {
                    listener.note("Retrying " + label + " in " + delay.toMillis() + " ms (attempt " + (attempt + 1)
                            + " of " + (policy.maxRetries() + 1) + "): " + e.getMessage());
                    Thread.sleep(delay);
                    continue;
                }
                failure = "Error: " + e.getMessage();
                failedTimings = e.timings().orElse(null);
                break;
            } catch (RuntimeException e) {
                progress.inCall = false;
                failure = "Error: " + e;
                progress.errors.add(AttemptError.of(
                        attempt, failure, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callStart)));
                break;
            }
        }
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (failure != null) {
            // a call that failed keeps what was measured of it (connect, first frame, the frames that arrived)
            ProviderResponse partial = failedTimings == null
                    ? null
                    : new ProviderResponse(null, Optional.empty(), Map.of(), Optional.empty(), failedTimings);
            return error(c, provider, label, vars, rendered, partial, failure, latency, attempt, progress.errors);
        }
        if (response.error().isPresent() || !response.hasOutput()) {
            // an application-level error (the response resolved with it, or said nothing): the attempt's error too
            progress.errors.add(AttemptError.of(attempt, response.error().orElse("No output"), latency));
        }
        if (history != null) {
            synchronized (history) {
                if (!progress.abandoned) { // a case its deadline left behind adds nothing to the conversation
                    history.add(turn(rendered, response));
                }
            }
        }
        if (test.options().get("storeOutputAs") instanceof String name && Json.truthy(response.output())) {
            registers.put(name, response.output());
        }
        if (response.error().isPresent()) {
            return error(
                    c,
                    provider,
                    label,
                    vars,
                    rendered,
                    response,
                    response.error().get(),
                    latency,
                    attempt,
                    progress.errors);
        }
        if (!response.hasOutput()) {
            return error(c, provider, label, vars, rendered, response, "No output", latency, attempt, progress.errors);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("vars", vars);
        context.put("test", test.toMap());
        context.put("prompt", rendered);
        context.put("provider", providerInfo);
        context.put("latencyMs", latency);
        context.put("response", ResponseMaps.response(response));
        context.put("timings", ResponseMaps.timings(response.timings()));
        GradingResult grading;
        try {
            grading = assertions.runAll(
                    test,
                    new Assertions.Subject(
                            response.output(),
                            response,
                            latency,
                            vars,
                            test,
                            context,
                            Optional.ofNullable(callDeadline)));
        } catch (RuntimeException e) {
            return error(
                    c,
                    provider,
                    label,
                    vars,
                    rendered,
                    response,
                    "Error: assertions failed to run: " + e,
                    latency,
                    attempt,
                    progress.errors);
        }
        return new EvalResult(
                c.index(),
                c.testIndex(),
                c.promptIndex(),
                c.repeatIndex(),
                c.prompt(),
                rendered,
                provider.id(),
                label,
                test,
                vars,
                Optional.of(response),
                Optional.empty(),
                grading.pass(),
                grading.score(),
                Optional.of(grading),
                latency,
                grading.pass() ? EvalResult.FailureReason.NONE : EvalResult.FailureReason.ASSERT,
                attempt,
                List.copyOf(progress.errors));
    }

    /**
     * A prompt function is code of the suite, and one that throws is a bug found before any call: every case's
     * prompt function runs here, once, and the case sends the text it returned. A function whose source mentions
     * {@code _conversation} runs at call time instead (the earlier turns exist only then). With a case timeout, a
     * function that has not returned by then is left behind and its case ends as timed out (the run goes on).
     *
     * @throws ConfigException when a prompt function throws; it names the prompt, the test and where the function
     *     threw
     */
    private Map<Integer, String> renderPromptFunctions(EvalPlan plan, OptionalLong timeout) {
        Map<Integer, String> out = new java.util.HashMap<>();
        java.util.Set<Integer> timedOut = new java.util.HashSet<>();
        if (config.prompts().stream().allMatch(p -> p.function().isEmpty() || p.usesConversation())) {
            promptTimeouts = java.util.Set.of();
            return out;
        }
        for (int k = 0; k < plan.size(); k++) {
            PromptSpec p = plan.prompt(plan.planIndex(k));
            if (p.function().isEmpty() || p.usesConversation()) {
                continue;
            }
            Case c = plan.caseAt(plan.planIndex(k));
            Provider provider = providers.get(c.providerIndex());
            Map<String, Object> providerInfo = new LinkedHashMap<>();
            providerInfo.put("id", provider.id());
            providerInfo.put("label", entries.get(c.providerIndex()).label().orElse(provider.id()));
            try {
                Map<String, Object> vars = new LinkedHashMap<>(c.test().vars());
                if (timeout.isEmpty()) {
                    out.put(c.index(), render(p, vars, providerInfo));
                } else {
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.getAsLong());
                    try {
                        out.put(
                                c.index(),
                                Deadlines.callBefore(
                                        deadline, "wst-prompt-" + c.index(), () -> render(p, vars, providerInfo)));
                    } catch (TimeoutException notInTime) {
                        timedOut.add(c.index());
                        abandoned.incrementAndGet();
                    } catch (ExecutionException failed) {
                        if (System.nanoTime() >= deadline) {
                            timedOut.add(c.index()); // it failed because the deadline interrupted it
                            continue;
                        }
                        throw failed.getCause() instanceof Exception cause ? cause : failed;
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt(); // the run was stopped: it ends with what it has
                        break;
                    }
                }
            } catch (Exception e) {
                String test =
                        c.test().description().map(d -> "test '" + d + "'").orElse("test " + (c.testIndex() + 1));
                String problem = "the prompt function " + abbreviate(p.label()) + " failed for " + test + ": ";
                if (e instanceof ConfigException ce && ce.file().isPresent()) {
                    throw new ConfigException(
                            problem + ce.problem(),
                            ce,
                            ce.file().get(),
                            ce.line().orElse(0),
                            ce.column().orElse(0),
                            ce.key().orElse(null));
                }
                throw new ConfigException(problem + e + scriptFrame(e), e);
            }
        }
        promptTimeouts = java.util.Set.copyOf(timedOut);
        return out;
    }

    /**
     * Creates the grader of every llm-rubric assertion the plan runs, before any call: a grader that is missing or
     * cannot be created fails the run once, naming the assertion, instead of failing every case.
     *
     * @throws ConfigException naming the first assertion whose grader cannot work
     */
    private void createGraders(EvalPlan plan) {
        Optional<Object> fallback = Graders.defaultGrader(env);
        // each test the run's cases use, once, in plan order (a test's cases are next to each other in the plan);
        // only the tests that have an llm-rubric assertion are read
        int last = -1;
        for (int k = 0; k < plan.size(); k++) {
            int index = plan.planIndex(k);
            int t = plan.testIndex(index);
            if (t == last) {
                continue;
            }
            last = t;
            if (!plan.hasRubric(index)) {
                continue;
            }
            for (Graders.Use use : Graders.uses(List.of(plan.test(t)))) {
                Object spec = use.spec().or(() -> fallback).orElse(null);
                if (spec == null) {
                    throw new ConfigException(use.location() + ": " + Graders.NO_GRADER);
                }
                try {
                    grader(spec);
                } catch (ConfigException e) {
                    throw new ConfigException(
                            use.location() + ": the llm-rubric grader cannot be used: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Whether a case that runs stores its output ({@code options.storeOutputAs}). */
    private static boolean storesOutput(EvalPlan plan) {
        for (int k = 0; k < plan.size(); k++) {
            if (plan.storesOutput(plan.planIndex(k))) {
                return true;
            }
        }
        return false;
    }

    /** A label for a message: its first line, cut to 60 characters ({@code { vars, provider -> …}). */
    private static String abbreviate(String label) {
        String s = label.strip();
        int nl = s.indexOf('\n');
        String first = (nl < 0 ? s : s.substring(0, nl)).strip();
        boolean more = nl >= 0 || first.length() > 60;
        return (first.length() > 60 ? first.substring(0, 60) : first) + (more ? " …" : "");
    }

    /** {@code " (at prompt.groovy:4)"}: the innermost Groovy frame of an exception, where the function threw. */
    private static String scriptFrame(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getFileName() != null && f.getFileName().endsWith(".groovy") && f.getLineNumber() > 0) {
                    return " (at " + f.getFileName() + ":" + f.getLineNumber() + ")";
                }
            }
        }
        return "";
    }

    private String render(PromptSpec prompt, Map<String, Object> vars, Map<String, Object> providerInfo)
            throws Exception {
        if (prompt.function().isPresent()) {
            Object r = prompt.function().get().render(vars, providerInfo);
            if (r == null) {
                throw new IllegalStateException("the prompt function returned nothing");
            }
            return r instanceof String s ? s : Json.stringify(r);
        }
        return engine.render(prompt.raw(), vars);
    }

    /**
     * promptfoo's {@code _conversation} entry for a call that returned: the prompt (parsed when it is JSON), the input (a
     * chat's last message content) and the output ({@code ""} when falsy).
     */
    static ConversationTurn turn(String rendered, ProviderResponse response) {
        Object json = null;
        try {
            json = Json.parse(rendered);
        } catch (RuntimeException notJson) {
            // a text prompt
        }
        Object prompt = Json.truthy(json) ? json : rendered;
        Object input = null;
        if (json instanceof List<?> l && !l.isEmpty()) {
            Object last = l.getLast();
            input = last instanceof Map<?, ?> m && Json.truthy(m.get("content")) ? m.get("content") : last;
        }
        if (!Json.truthy(input)) {
            input = prompt;
        }
        Object output = Json.truthy(response.output()) ? response.output() : "";
        return new ConversationTurn(prompt, input, output, response.metadata());
    }

    private EvalResult error(
            Case c,
            Provider provider,
            String label,
            Map<String, Object> vars,
            String rendered,
            ProviderResponse response,
            String error,
            long latency,
            int attempts) {
        return error(c, provider, label, vars, rendered, response, error, latency, attempts, List.of());
    }

    private EvalResult error(
            Case c,
            Provider provider,
            String label,
            Map<String, Object> vars,
            String rendered,
            ProviderResponse response,
            String error,
            long latency,
            int attempts,
            List<AttemptError> attemptErrors) {
        return new EvalResult(
                c.index(),
                c.testIndex(),
                c.promptIndex(),
                c.repeatIndex(),
                c.prompt(),
                rendered,
                provider.id(),
                label,
                c.test(),
                vars,
                Optional.ofNullable(response),
                Optional.of(error),
                false,
                0,
                Optional.empty(),
                latency,
                EvalResult.FailureReason.ERROR,
                attempts,
                List.copyOf(attemptErrors));
    }

    /** Closes the providers (also done at the end of {@link #run()}); for an Eval that was built but not run. */
    @Override
    public void close() {
        providers.forEach(Eval::closeQuietly);
        graders.values().forEach(Eval::closeQuietly);
    }

    /** Builds an {@link Eval}. */
    public static final class Builder {
        private EvalConfig config;
        private RunOptions options = RunOptions.DEFAULTS;
        private EvalListener listener = EvalListener.NONE;
        private Map<String, String> env = System.getenv();
        private ProviderRegistry registry;
        private TransformCompiler compiler;

        private Builder() {}

        public Builder config(EvalConfig c) {
            this.config = c;
            return this;
        }

        public Builder options(RunOptions o) {
            this.options = Objects.requireNonNull(o);
            return this;
        }

        public Builder listener(EvalListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        /**
         * The environment templates see as {@code env} (default: the process's); the config's {@code env} wins.
         *
         * @return this builder
         */
        public Builder env(Map<String, String> e) {
            this.env = Map.copyOf(e);
            return this;
        }

        /**
         * Where provider ids are resolved (default: every {@code ProviderFactory} on the module path).
         *
         * @return this builder
         */
        public Builder registry(ProviderRegistry r) {
            this.registry = r;
            return this;
        }

        /**
         * Compiles the transforms that provider configs (and graders' configs) give as text, instead of the
         * {@link TransformCompiler} on the module path; the registry hands it to its factories (see
         * {@link ProviderRegistry#withTransformCompiler}). A config's own transforms are compiled when it is read:
         * pass the same compiler to {@link ConfigLoader#read(ConfigDocument, Map, TransformCompiler)}.
         */
        public Builder transformCompiler(TransformCompiler c) {
            this.compiler = Objects.requireNonNull(c, "compiler");
            return this;
        }

        /**
         * Creates the providers and checks the options.
         *
         * @throws ConfigException when a provider cannot be created or no provider matches the filter
         */
        public Eval build() {
            return new Eval(this);
        }
    }

    /**
     * Where {@code entry} itself stands in {@code entries} (by identity: two providers written alike are still two
     * entries, and a record's {@code equals} links its method handles at its first call, 4 ms at start-up).
     */
    private static int positionOf(List<ProviderEntry> entries, ProviderEntry entry) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == entry) {
                return i;
            }
        }
        return -1;
    }
}
