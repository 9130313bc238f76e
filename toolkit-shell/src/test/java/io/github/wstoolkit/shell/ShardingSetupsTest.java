package io.github.wstoolkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The set-ups of examples/sharding, checked as far as a machine without Docker, Kubernetes or GitHub can: their YAML
 * parses into what the scheduler expects, the shard count is the same everywhere it is written, and the wst
 * commands they run pass here, shard by shard and then the merge, with the environment they set.
 */
class ShardingSetupsTest {

    static final Path SHARDING = ExamplesTest.EXAMPLES.resolve("sharding");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path f) throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(f));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** A workflow's {@code run:} line as the arguments after {@code wst}, with expressions and paths replaced. */
    private static String[] wstArgs(String run, Map<String, String> replace) {
        String line = run.strip();
        for (Map.Entry<String, String> e : replace.entrySet()) {
            line = line.replace(e.getKey(), e.getValue());
        }
        List<String> words = new ArrayList<>(List.of(line.split("\\s+")));
        assertTrue(words.getFirst().endsWith("/wst"), "the step runs wst: " + run);
        return words.subList(1, words.size()).toArray(String[]::new);
    }

    /** A path in a pod, where its volume is mounted here. */
    private static String mounted(String arg, String mountPath, Path here) {
        if (arg.equals(mountPath)) {
            return here.toString();
        }
        return arg.startsWith(mountPath + "/") ? here + arg.substring(mountPath.length()) : arg;
    }

    @Test
    void theGitHubWorkflowsMatrixShardsAndMergePassHere() throws Exception {
        Map<String, Object> wf = yaml(SHARDING.resolve("github/eval-sharded.yml"));
        Map<String, Object> jobs = map(wf.get("jobs"));
        assertEquals(List.of("build", "eval", "merge"), List.copyOf(jobs.keySet()));
        Map<String, Object> eval = map(jobs.get("eval"));
        assertEquals("build", eval.get("needs"));
        Map<String, Object> strategy = map(eval.get("strategy"));
        assertEquals(false, strategy.get("fail-fast"), "every shard runs to its end");
        List<Object> matrix = list(map(strategy.get("matrix")).get("shard"));
        int n = matrix.size();
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, ((Number) matrix.get(i)).intValue(), "shards are numbered 1..n");
        }
        Map<String, Object> evalStep = null;
        Map<String, Object> upload = null;
        for (Object s : list(eval.get("steps"))) {
            Map<String, Object> step = map(s);
            if (step.get("run") instanceof String r && r.contains(" eval ")) {
                evalStep = step;
            }
            if ("actions/upload-artifact@v4".equals(step.get("uses"))) {
                upload = step;
            }
        }
        assertTrue(evalStep != null && upload != null, "a shard step and its upload");
        assertTrue(((String) evalStep.get("run")).contains("--shard ${{ matrix.shard }}/${{ strategy.job-total }}"));
        assertEquals("${{ !cancelled() }}", upload.get("if"), "a shard's results are uploaded even when it fails");
        String uploaded = (String) map(upload.get("with")).get("path");

        Map<String, Object> merge = map(jobs.get("merge"));
        assertEquals("eval", merge.get("needs"));
        assertEquals("${{ !cancelled() }}", merge.get("if"));
        Map<String, Object> mergeStep = null;
        Map<String, Object> download = null;
        for (Object s : list(merge.get("steps"))) {
            Map<String, Object> step = map(s);
            if (step.get("run") instanceof String r && r.contains(" merge ")) {
                mergeStep = step;
            }
            if ("actions/download-artifact@v4".equals(step.get("uses"))
                    && "shard-*".equals(map(step.get("with")).get("pattern"))) {
                download = step;
            }
        }
        assertTrue(mergeStep != null && download != null, "a merge step and the download of the shards");
        String shardsFolder = (String) map(download.get("with")).get("path");
        assertEquals(true, map(download.get("with")).get("merge-multiple"), "all shards' files in one folder");

        // run each shard's command as its job would, from the repository's root, into the artifacts folder
        Path root = ExamplesTest.EXAMPLES.getParent();
        Path shards = dir.resolve(shardsFolder);
        Files.createDirectories(shards);
        Map<String, String> env = new HashMap<>();
        map(evalStep.get("env"))
                .forEach((k, v) -> env.put(k, String.valueOf(v).startsWith("${{") ? "" : String.valueOf(v)));
        env.put("WST_HOME", dir.resolve("home").toString());
        for (int i = 1; i <= n; i++) {
            Map<String, String> replace = new java.util.LinkedHashMap<>();
            replace.put("${{ matrix.shard }}", String.valueOf(i));
            replace.put("${{ strategy.job-total }}", String.valueOf(n));
            replace.put(" examples/", " " + root.resolve("examples") + "/");
            String file = uploaded.replace("${{ matrix.shard }}", String.valueOf(i));
            replace.put(" " + file, " " + shards.resolve(file));
            WstTest.Result r = WstTest.run(env, wstArgs((String) evalStep.get("run"), replace));
            assertEquals(0, r.code(), "shard " + i + ": " + r.err());
            assertTrue(Files.isRegularFile(shards.resolve(file)), "the step writes what is uploaded: " + file);
        }
        Map<String, String> replace =
                Map.of(" " + shardsFolder + " ", " " + shards + " ", " merged/", " " + dir.resolve("merged") + "/");
        WstTest.Result merged = WstTest.run(Map.of(), wstArgs((String) mergeStep.get("run"), replace));
        assertEquals(0, merged.code(), merged.err());
        assertEquals("54 passed, 0 failed, 0 errors" + System.lineSeparator(), merged.out());
        assertTrue(Files.isRegularFile(dir.resolve("merged/results.junit.xml")));
        assertTrue(Files.isRegularFile(dir.resolve("merged/report.html")));
    }

    @Test
    void theKubernetesIndexedJobsPodsAndTheMergeJobPassHere() throws Exception {
        Map<String, Object> pvc = yaml(SHARDING.resolve("k8s/results-pvc.yaml"));
        assertEquals("PersistentVolumeClaim", pvc.get("kind"));
        String claim = (String) map(pvc.get("metadata")).get("name");

        Map<String, Object> job = yaml(SHARDING.resolve("k8s/eval-job.yaml"));
        assertEquals("batch/v1", job.get("apiVersion"));
        assertEquals("Job", job.get("kind"));
        Map<String, Object> spec = map(job.get("spec"));
        assertEquals("Indexed", spec.get("completionMode"));
        int completions = ((Number) spec.get("completions")).intValue();
        Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
        assertEquals("Never", pod.get("restartPolicy"), "podFailurePolicy needs it");
        Map<String, Object> container = map(list(pod.get("containers")).getFirst());
        List<String> args =
                list(container.get("args")).stream().map(String::valueOf).toList();
        assertEquals("eval", args.getFirst());
        assertEquals("JOB_COMPLETION_INDEX", args.get(args.indexOf("--shard-index-env") + 1));
        assertEquals(
                completions,
                Integer.parseInt(args.get(args.indexOf("--shard-count") + 1)),
                "--shard-count is the Job's completions");
        Map<String, String> declared = new HashMap<>();
        for (Object e : list(container.get("env"))) {
            Map<String, Object> var = map(e);
            declared.put((String) var.get("name"), var.get("value") == null ? null : String.valueOf(var.get("value")));
        }
        assertTrue(declared.containsKey("JOB_COMPLETION_INDEX"), "declared, so that $(JOB_COMPLETION_INDEX) expands");
        Map<String, String> mounts = new HashMap<>();
        for (Object m : list(container.get("volumeMounts"))) {
            mounts.put((String) map(m).get("name"), (String) map(m).get("mountPath"));
        }
        for (Object v : list(pod.get("volumes"))) {
            Map<String, Object> vol = map(v);
            if (vol.containsKey("persistentVolumeClaim")) {
                assertEquals(claim, map(vol.get("persistentVolumeClaim")).get("claimName"));
            }
        }
        String suite = mounts.get("suite");
        String results = mounts.get("results");

        // each pod's command, with the ConfigMap as the example folder and the volume as a folder here
        Path volume = dir.resolve("volume");
        Files.createDirectories(volume);
        for (int index = 0; index < completions; index++) {
            Map<String, String> env = new HashMap<>();
            declared.forEach((k, v) -> {
                if (v != null) {
                    env.put(k, v);
                }
            });
            env.put("JOB_COMPLETION_INDEX", String.valueOf(index));
            int i = index;
            String[] a = args.stream()
                    .map(x -> x.replace("$(JOB_COMPLETION_INDEX)", String.valueOf(i))
                            .transform(x2 -> mounted(x2, suite, SHARDING))
                            .transform(x2 -> mounted(x2, results, volume)))
                    .toArray(String[]::new);
            WstTest.Result r = WstTest.run(env, a);
            assertEquals(0, r.code(), "pod " + index + ": " + r.err());
            assertTrue(r.err().contains("wst: shard " + (index + 1) + "/" + completions + ": "), r.err());
        }
        try (var files = Files.list(volume)) {
            assertEquals(completions, files.count(), "one results file per pod");
        }

        Map<String, Object> mergeJob = yaml(SHARDING.resolve("k8s/merge-job.yaml"));
        Map<String, Object> mergePod =
                map(map(map(mergeJob.get("spec")).get("template")).get("spec"));
        Map<String, Object> mergeContainer =
                map(list(mergePod.get("containers")).getFirst());
        assertEquals(
                results,
                map(list(mergeContainer.get("volumeMounts")).getFirst()).get("mountPath"),
                "the merge reads the volume the shards wrote");
        assertEquals(
                claim,
                map(map(list(mergePod.get("volumes")).getFirst()).get("persistentVolumeClaim"))
                        .get("claimName"));
        String[] mergeArgs = list(mergeContainer.get("args")).stream()
                .map(x -> mounted(String.valueOf(x), results, volume))
                .toArray(String[]::new);
        WstTest.Result merged = WstTest.run(Map.of(), mergeArgs);
        assertEquals(0, merged.code(), merged.err());
        assertEquals("54 passed, 0 failed, 0 errors" + System.lineSeparator(), merged.out());
        assertTrue(Files.isRegularFile(volume.resolve("merged/results.json")));
        // merged again (a re-run of the merge Job): its own outputs are not taken for shards
        assertEquals(0, WstTest.run(Map.of(), mergeArgs).code());
    }

    @Test
    void theDockerfileCopiesTheLinkedImageAndRunsItsLauncher() throws Exception {
        String docker = Files.readString(SHARDING.resolve("Dockerfile"));
        assertTrue(docker.contains(
                "docker build -f examples/sharding/Dockerfile -t wst:local toolkit-shell/target/image"));
        assertTrue(docker.contains("COPY . /opt/wst"));
        assertTrue(docker.contains("ln -s /opt/wst/bin/wst /usr/local/bin/wst"));
        assertTrue(docker.contains("ENTRYPOINT [\"wst\"]"));
        // the image the Dockerfile copies is the one the build links, with that launcher
        String pom = Files.readString(ExamplesTest.EXAMPLES.getParent().resolve("toolkit-shell/pom.xml"));
        assertTrue(pom.contains("<image.dir>${project.build.directory}/image</image.dir>"));
        assertTrue(pom.contains("<copy file=\"${project.basedir}/src/image/bin/wst\" tofile=\"${image.dir}/bin/wst\""));
        assertTrue(Files.readString(ExamplesTest.EXAMPLES.getParent().resolve("toolkit-shell/src/image/bin/wst"))
                .contains("-m io.github.wstoolkit.shell/io.github.wstoolkit.shell.Wst"));
        // and the Kubernetes manifests use the tag it builds
        for (String f : List.of("k8s/eval-job.yaml", "k8s/merge-job.yaml")) {
            assertTrue(Files.readString(SHARDING.resolve(f)).contains("image: wst:local"), f);
        }
    }
}
