package io.github.wstoolkit.shell.internal;

import io.github.wstoolkit.api.ConfigException;
import io.github.wstoolkit.eval.ConfigHash;
import io.github.wstoolkit.eval.EvalRun;
import io.github.wstoolkit.eval.RunOptions;
import io.github.wstoolkit.eval.Shard;
import io.github.wstoolkit.eval.ShardInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code wst eval} does for a run split over machines: which shard this is ({@code --shard I/N},
 * {@code WST_SHARD}, or {@code --shard-index-env NAME --shard-count N} for a 0-based index such as Kubernetes'
 * {@code JOB_COMPLETION_INDEX}), the selection of its cases, and the {@link ShardInfo} its run records (the shard,
 * the config's content hash, the whole plan's size and fingerprint). See docs/scaling.md.
 */
final class EvalShard {

    /** The environment variable that names the shard when no flag does. */
    static final String ENV = "WST_SHARD";

    private static final EvalShard NONE = new EvalShard(null, null);

    private final Shard.Selection selection;
    private final String configHash;

    private EvalShard(Shard.Selection selection, String configHash) {
        this.selection = selection;
        this.configHash = configHash;
    }

    /**
     * The shard the flags and the environment name, if any.
     *
     * @throws ConfigException for flags that do not go together or a shard written wrongly
     */
    static Optional<Shard> of(EvalCommand cmd, Map<String, String> env) {
        boolean indexed = cmd.shardIndexEnv != null || cmd.shardCount != null;
        if (cmd.shard != null && indexed) {
            throw new ConfigException("--shard I/N and --shard-index-env NAME --shard-count N name the shard twice:"
                    + " give one or the other");
        }
        try {
            if (cmd.shard != null) {
                return Optional.of(Shard.parse(cmd.shard));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--shard: " + e.getMessage(), e);
        }
        if (indexed) {
            if (cmd.shardIndexEnv == null) {
                throw new ConfigException("--shard-count goes with --shard-index-env NAME (the variable that holds"
                        + " the 0-based index), or write --shard I/N");
            }
            if (cmd.shardCount == null) {
                throw new ConfigException("--shard-index-env " + cmd.shardIndexEnv + " needs --shard-count N (how"
                        + " many shards; for a Kubernetes Indexed Job, its completions)");
            }
            String value = env.get(cmd.shardIndexEnv);
            if (value == null || value.isBlank()) {
                throw new ConfigException("--shard-index-env " + cmd.shardIndexEnv + ": the variable is not set"
                        + ("JOB_COMPLETION_INDEX".equals(cmd.shardIndexEnv)
                                ? " (Kubernetes sets it in the pods of a Job with completionMode: Indexed)"
                                : ""));
            }
            if (!value.strip().matches("\\d{1,9}")) {
                throw new ConfigException("--shard-index-env " + cmd.shardIndexEnv + ": expected a 0-based index,"
                        + " got '" + value + "'");
            }
            if (cmd.shardCount < 1) {
                throw new ConfigException("--shard-count must be at least 1, got " + cmd.shardCount);
            }
            try {
                return Optional.of(Shard.zeroBased(Integer.parseInt(value.strip()), cmd.shardCount));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        "--shard-index-env " + cmd.shardIndexEnv + "=" + value.strip() + " with --shard-count "
                                + cmd.shardCount + ": " + e.getMessage(),
                        e);
            }
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return Optional.of(Shard.parse(fromEnv));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ENV + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds the shard's selection to the run's options (before the selections of {@code --retry-errors} and
     * {@code --resume}, which pick from this shard's cases).
     *
     * @param files the config files, hashed now so that a file changed during the run does not count
     */
    static EvalShard select(Optional<Shard> shard, List<Path> files, RunOptions.Builder options) {
        if (shard.isEmpty()) {
            return NONE;
        }
        Shard.Selection sel = shard.get().selection();
        options.selectCases(sel);
        return new EvalShard(sel, ConfigHash.of(files));
    }

    /** The run as this shard's: with its {@link ShardInfo}. */
    EvalRun record(EvalRun run) {
        return selection == null ? run : run.withSharding(selection.info(configHash));
    }

    /** One line on stderr: which shard ran, and how much of the plan it had. */
    void report(PrintStream err, EvalRun run) {
        if (selection == null) {
            return;
        }
        err.println("wst: shard " + selection.shard() + ": " + run.planned() + " of the plan's "
                + selection.plannedTotal().orElse(run.planned()) + " cases (config " + configHash.substring(0, 12)
                + ")");
    }
}
