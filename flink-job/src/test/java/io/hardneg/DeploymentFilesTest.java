package io.hardneg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.config.HardnegConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files under docker/ and k8s/ agree with the build and the code: the jar and main
 * class they name are the ones the shade plugin builds, the files they copy exist, the Grafana
 * dashboard only queries metrics the job registers, and the YAML parses.
 */
class DeploymentFilesTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path REPO = MODULE.getParent();
    private static final Path DOCKER = REPO.resolve("docker");
    private static final Path K8S = REPO.resolve("k8s");
    private static final Path JOB_SOURCES = MODULE.resolve("src/main/java");
    private static final String OPERATOR_PREFIX = "flink_taskmanager_job_task_operator_";
    private static final String JOB_PREFIX = "flink_jobmanager_job_";

    /**
     * Metrics the dashboard reads that Flink itself registers, not the job: the source's standard
     * lag metric, the Kafka consumer's own lag, and the JobManager's checkpoint and restart
     * figures. Everything else under {@link #OPERATOR_PREFIX} must come from the job's sources.
     */
    private static final Set<String> FLINK_OPERATOR_METRICS =
            Set.of("pendingRecords", "KafkaSourceReader_KafkaConsumer_records_lag_max");

    private static final Set<String> FLINK_JOB_METRICS =
            Set.of(
                    "lastCheckpointDuration",
                    "lastCheckpointSize",
                    "lastCheckpointFullSize",
                    "numberOfFailedCheckpoints",
                    "numRestarts");

    private static final Pattern USRLIB_JAR = Pattern.compile("/opt/flink/usrlib/[\\w.-]+\\.jar");
    private static final Pattern MAIN_CLASS =
            Pattern.compile("io\\.hardneg\\.(?:\\w+\\.)+[A-Z]\\w*");
    private static final Pattern COPY =
            Pattern.compile(
                    "^COPY\\s+(?!--from=)(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);
    private static final Pattern METRIC_NAME = Pattern.compile("\\bflink_[A-Za-z0-9_:]+");

    @Test
    void everyJarPathIsTheShadedJarUnderUsrlib() throws IOException {
        String finalName = pomElement("finalName");
        assertThat(finalName).isEqualTo("hardneg-job");
        String expected = "/opt/flink/usrlib/" + finalName + ".jar";

        Map<Path, List<String>> references = new HashMap<>();
        for (Path file : deploymentFiles()) {
            List<String> jars = matches(USRLIB_JAR, Files.readString(file));
            if (!jars.isEmpty()) {
                references.put(file, jars);
            }
        }

        assertThat(references)
                .containsKeys(
                        DOCKER.resolve("Dockerfile"),
                        DOCKER.resolve("Dockerfile.gpu-taskmanager"),
                        DOCKER.resolve("compose.yaml"),
                        K8S.resolve("flinkdeployment.yaml"));
        references.forEach(
                (file, jars) -> assertThat(jars).as(file.toString()).containsOnly(expected));
        assertThat(Files.readString(K8S.resolve("flinkdeployment.yaml")))
                .contains("jarURI: local://" + expected);
    }

    @Test
    void dockerfilesCopyTheJarTheShadePluginBuilds() throws IOException {
        String built = "flink-job/target/" + pomElement("finalName") + ".jar";

        assertThat(copies(DOCKER.resolve("Dockerfile"))).containsKey(built);
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.gpu-taskmanager")))
                .contains("/src/" + built)
                .contains("-Pgpu -pl flink-job -am package -DskipTests")
                .contains("cudnn")
                .contains("openjdk-17");
    }

    @Test
    void everyMainClassNamedIsTheManifestMainClass() throws IOException {
        String mainClass = pomElement("mainClass");
        assertThat(mainClass).isEqualTo("io.hardneg.cli.HardnegCli");
        assertThat(JOB_SOURCES.resolve(mainClass.replace('.', '/') + ".java")).isRegularFile();

        int named = 0;
        for (Path file : deploymentFiles()) {
            for (String name : matches(MAIN_CLASS, Files.readString(file))) {
                assertThat(name).as(file.toString()).isEqualTo(mainClass);
                named++;
            }
        }
        assertThat(named).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyCopiedOrMountedFileExists() throws IOException {
        String built = "flink-job/target/" + pomElement("finalName") + ".jar";
        List<String> sources = new ArrayList<>();
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.gpu-taskmanager")) {
            sources.addAll(copies(DOCKER.resolve(dockerfile)).keySet());
        }
        assertThat(sources).contains("kafka-config/hardneg.properties", "kafka-config/topics.json");
        for (String source : sources) {
            if (!source.equals(built) && !source.equals(".")) {
                // Build context is the repository root.
                assertThat(REPO.resolve(source)).as(source).exists();
            }
        }

        // Bind mounts of compose.yaml are relative to docker/.
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        List<String> mounts = new ArrayList<>();
        for (Object service : map(compose.get("services")).values()) {
            Object volumes = map(service).get("volumes");
            if (volumes instanceof List<?> list) {
                for (Object volume : list) {
                    String spec = volume.toString();
                    if (spec.startsWith("./")) {
                        mounts.add(spec.substring(0, spec.indexOf(':')));
                    }
                }
            }
        }
        assertThat(mounts)
                .contains("./prometheus.yml", "./grafana/provisioning", "./grafana/dashboards");
        for (String mount : mounts) {
            assertThat(DOCKER.resolve(mount).normalize()).as(mount).exists();
        }
        assertThat(DOCKER.resolve("grafana/dashboards/hardneg.json")).isRegularFile();
    }

    @Test
    void dashboardQueriesOnlyMetricsTheJobRegisters() throws IOException {
        Set<String> registered = registeredOperatorMetrics();
        // A few that must be there whatever else changes: a rename fails here first.
        assertThat(registered)
                .contains(
                        "barsIn",
                        "windows",
                        "deadLetters_missing_field",
                        "encoder_windowsEmbedded",
                        "encoder_invalidOutputs",
                        "encoder_batchSize",
                        "encoder_batchLatencyMicros",
                        "mining_anchors",
                        "mining_semiHardEmpty");

        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(DOCKER.resolve("grafana/dashboards/hardneg.json").toFile());
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                used.addAll(matches(METRIC_NAME, target.get("expr").asText()));
            }
        }

        Set<String> usedJobMetrics = new TreeSet<>();
        for (String name : used) {
            if (name.startsWith(OPERATOR_PREFIX)) {
                String metric = name.substring(OPERATOR_PREFIX.length());
                if (!FLINK_OPERATOR_METRICS.contains(metric)) {
                    assertThat(registered).as("metric in the dashboard: " + name).contains(metric);
                    usedJobMetrics.add(metric);
                }
            } else {
                assertThat(name).as("metric in the dashboard").startsWith(JOB_PREFIX);
                assertThat(FLINK_JOB_METRICS).contains(name.substring(JOB_PREFIX.length()));
            }
        }
        // The panels of the operations guide: every reject reason, the encoder and the miner.
        Set<String> required = new TreeSet<>();
        registered.stream().filter(n -> n.startsWith("deadLetters_")).forEach(required::add);
        required.addAll(
                List.of(
                        "barsIn",
                        "windows",
                        "encoder_windowsEmbedded",
                        "encoder_invalidOutputs",
                        "encoder_batchSize",
                        "encoder_batchLatencyMicros",
                        "mining_anchors",
                        "mining_semiHardEmpty"));
        assertThat(usedJobMetrics).containsAll(required);
        assertThat(used)
                .contains(
                        JOB_PREFIX + "lastCheckpointDuration",
                        JOB_PREFIX + "lastCheckpointSize",
                        OPERATOR_PREFIX + "pendingRecords");
    }

    @Test
    void yamlFilesParse() throws IOException {
        List<Path> yamlFiles =
                deploymentFiles().stream()
                        .filter(
                                p ->
                                        p.toString().endsWith(".yaml")
                                                || p.toString().endsWith(".yml"))
                        .toList();
        assertThat(yamlFiles).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : yamlFiles) {
            List<Object> documents = new ArrayList<>();
            new Yaml().loadAll(Files.readString(file)).forEach(documents::add);
            assertThat(documents).as(file.toString()).isNotEmpty().doesNotContainNull();
        }
    }

    @Test
    void composeRunsTheWholeStack() throws IOException {
        Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
        assertThat(services)
                .containsKeys(
                        "kafka",
                        "topics",
                        "jobmanager",
                        "taskmanager",
                        "submit",
                        "prometheus",
                        "grafana");
        assertThat(map(services.get("kafka")).get("image")).isEqualTo("apache/kafka:4.2.0");

        String flinkProperties =
                map(map(services.get("jobmanager")).get("environment"))
                        .get("FLINK_PROPERTIES")
                        .toString();
        Map<String, Object> flink = new Yaml().load(flinkProperties);
        assertThat(flink)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", true)
                .containsEntry(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION")
                .containsEntry(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsEntry("metrics.reporter.prom.port", 9249);
        // The job's checkpoint.dir wins over the cluster's: it must name the shared volume too.
        assertThat(map(services.get("submit")).get("command").toString())
                .contains("checkpoint.dir=" + flink.get("execution.checkpointing.dir"));

        // The --set overrides of the topic and submit services, over the image's properties,
        // pass the job's own validation.
        for (String service : List.of("topics", "submit")) {
            List<?> command = (List<?>) map(services.get(service)).get("command");
            List<String> overrides = new ArrayList<>();
            for (int i = 0; i + 1 < command.size(); i++) {
                if (command.get(i).equals("--set")) {
                    overrides.add(command.get(i + 1).toString());
                }
            }
            assertThat(overrides).as(service).contains("kafka.bootstrap.servers=kafka:19092");
            HardnegConfig.load(REPO.resolve("kafka-config/hardneg.properties"), overrides);
        }

        String prometheus = Files.readString(DOCKER.resolve("prometheus.yml"));
        assertThat(prometheus).contains("jobmanager:9249").contains("port: 9249");
    }

    @Test
    void flinkDeploymentUpgradesWithSavepointsAndItsConfigIsValid() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object doc :
                new Yaml().loadAll(Files.readString(K8S.resolve("flinkdeployment.yaml")))) {
            documents.add(map(doc));
        }
        Map<String, Object> deployment = kind(documents, "FlinkDeployment");
        assertThat(deployment.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat(spec.get("flinkVersion").toString()).startsWith("v2_");
        Map<String, Object> job = map(spec.get("job"));
        assertThat(job)
                .containsEntry("upgradeMode", "savepoint")
                .containsEntry(
                        "args", List.of("run", "--config", "/opt/hardneg/hardneg.properties"));
        Map<String, Object> flink = map(spec.get("flinkConfiguration"));
        assertThat(flink)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION")
                .containsKeys(
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir",
                        "restart-strategy.type",
                        "taskmanager.memory.managed.fraction",
                        "metrics.reporter.prom.factory.class");

        // The ConfigMap's properties pass the job's own validation.
        Map<String, Object> configMap = kind(documents, "ConfigMap");
        Properties properties = new Properties();
        properties.load(
                new StringReader(map(configMap.get("data")).get("hardneg.properties").toString()));
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
        assertThat(values).containsKey("kafka.bootstrap.servers");
        HardnegConfig.of(values);
    }

    /**
     * Operator metrics the job registers, as Prometheus names them below the operator scope: {@code
     * group_name}, with every character outside [a-zA-Z0-9_:] replaced by '_'. Found by regex over
     * the job's sources: a variable assigned from {@code addGroup("g")} is the group g; a call on
     * {@code getMetricGroup()} is at the operator's top level. The dead-letter counters are named
     * by {@code reason.label()}, so they expand to the labels of RejectReason.
     */
    private static Set<String> registeredOperatorMetrics() throws IOException {
        Pattern group =
                Pattern.compile("(\\w+)\\s*=\\s*[^;]*?\\.addGroup\\(\\s*\"([^\"]+)\"\\s*\\)");
        Pattern metric =
                Pattern.compile(
                        "(\\w+)(\\(\\))?\\s*\\.\\s*(?:counter|histogram|gauge|meter)\\(\\s*(\"([^\"]+)\"|[^,)]*label\\(\\))");
        List<String> reasons =
                matches(
                        Pattern.compile("[A-Z_]+\\(\"([a-z-]+)\"\\)"),
                        Files.readString(JOB_SOURCES.resolve("io/hardneg/bars/RejectReason.java")),
                        1);
        assertThat(reasons).contains("missing-field", "late");

        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(JOB_SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Map<String, String> groups = new HashMap<>();
                Matcher g = group.matcher(source);
                while (g.find()) {
                    groups.put(g.group(1), g.group(2));
                }
                Matcher m = metric.matcher(source);
                while (m.find()) {
                    String receiver = m.group(1);
                    String prefix;
                    if (m.group(2) != null && receiver.equals("getMetricGroup")) {
                        prefix = "";
                    } else if (m.group(2) == null && groups.containsKey(receiver)) {
                        prefix = groups.get(receiver) + "_";
                    } else {
                        continue;
                    }
                    if (m.group(4) != null) {
                        names.add(prometheusName(prefix + m.group(4)));
                    } else {
                        reasons.forEach(r -> names.add(prometheusName(prefix + r)));
                    }
                }
            }
        }
        return names;
    }

    private static String prometheusName(String name) {
        return name.replaceAll("[^a-zA-Z0-9:_]", "_");
    }

    private static List<Path> deploymentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(DOCKER, K8S)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().endsWith(".md"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** COPY sources to destinations of a Dockerfile, without copies from a build stage. */
    private static Map<String, String> copies(Path dockerfile) throws IOException {
        Map<String, String> copies = new HashMap<>();
        Matcher m = COPY.matcher(Files.readString(dockerfile));
        while (m.find()) {
            copies.put(m.group(1), m.group(2));
        }
        return copies;
    }

    private static String pomElement(String element) throws IOException {
        String pom = Files.readString(MODULE.resolve("pom.xml"), StandardCharsets.UTF_8);
        List<String> values =
                matches(
                        Pattern.compile("<" + element + ">\\s*([^<\\s]+)\\s*</" + element + ">"),
                        pom,
                        1);
        assertThat(values).as(element + " in pom.xml").hasSize(1);
        return values.get(0);
    }

    private static List<String> matches(Pattern pattern, String text) {
        return matches(pattern, text, 0);
    }

    private static List<String> matches(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return map(new Yaml().load(Files.readString(file)));
    }

    private static Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " document"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
