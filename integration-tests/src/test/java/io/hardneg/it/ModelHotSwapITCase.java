package io.hardneg.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.bars.Bar;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.encoder.EncoderModel;
import io.hardneg.encoder.ModelFiles;
import io.hardneg.job.HardnegJob;
import io.hardneg.job.ModelAnnouncement;
import io.hardneg.local.EmbeddedKafka;
import io.hardneg.local.LocalFlink;
import io.hardneg.local.SampleBars;
import io.hardneg.local.TopicIo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model announced mid-stream on the model topic replaces the built-in encoder while the job runs:
 * later results carry the new version, no window is lost, a model whose checksum does not match is
 * rejected and never used, and with {@code bank.model-policy=evict} the new model's results are
 * mined against a bank of its own embeddings only.
 */
class ModelHotSwapITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void announcedModelTakesOverMidStreamWithoutLosingAWindow(@TempDir Path dir) throws Exception {
        Path modelFile = dir.resolve("cnn-v2.onnx");
        ModelFiles.export(modelFile, 4, 64, 7L);
        String sha = EncoderModel.fromFile(modelFile).sha256();
        List<Bar> bars = SampleBars.read().barsInTimeOrder();
        int half = bars.size() / 2;
        Set<String> expectedIds = expectedWindowIds(bars);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            HardnegConfig config =
                    HardnegConfig.defaults()
                            .with(
                                    Map.of(
                                            HardnegOptions.KAFKA_BOOTSTRAP_SERVERS.key(),
                                            kafka.bootstrapServers(),
                                            HardnegOptions.TOPIC_MODELS.key(),
                                            "hardneg.models",
                                            HardnegOptions.CHECKPOINT_INTERVAL_MS.key(),
                                            "1000",
                                            HardnegOptions.ENCODER_BATCH_MAX_WAIT_MS.key(),
                                            "5"));
            String barTopic = config.get(HardnegOptions.TOPIC_BARS);
            String resultTopic = config.get(HardnegOptions.TOPIC_RESULTS);
            kafka.createTopic(barTopic, 2, Map.of());
            kafka.createTopic(resultTopic, 2, Map.of());
            kafka.createTopic(config.get(HardnegOptions.TOPIC_DEAD_LETTERS), 1, Map.of());
            kafka.createTopic("hardneg.stats", 1, Map.of());
            kafka.createTopic("hardneg.models", 1, Map.of("cleanup.policy", "compact"));
            TopicIo.publishBars(kafka.bootstrapServers(), barTopic, bars.subList(0, half), n -> {});

            StreamExecutionEnvironment env =
                    LocalFlink.environment(config, 2, dir.resolve("checkpoints"));
            HardnegJob.buildKafka(env, config, false);
            JobClient job = env.executeAsync("hardneg-hot-swap-test");
            List<String> committed = new ArrayList<>();
            try (TopicIo.CommittedReader reader =
                    new TopicIo.CommittedReader(kafka.bootstrapServers(), resultTopic)) {
                await(reader, committed, 500);
                String location = modelFile.toUri().toString();
                TopicIo.publishRaw(
                        kafka.bootstrapServers(),
                        "hardneg.models",
                        List.of(
                                new String[] {
                                    "model",
                                    new ModelAnnouncement("cnn-bad", location, "0".repeat(64))
                                            .toJson()
                                },
                                new String[] {
                                    "model", new ModelAnnouncement("cnn-v2", location, sha).toJson()
                                }));
                List<Bar> rest = new ArrayList<>(bars.subList(half, bars.size()));
                long last = rest.get(rest.size() - 1).time;
                for (int i = 0; i < 4; i++) {
                    rest.add(new Bar("ZZFLUSH" + i, last + 30 * 86_400_000L, 1, 1, 1, 1, 1));
                }
                for (int from = 0; from < rest.size(); from += 2000) {
                    TopicIo.publishBars(
                            kafka.bootstrapServers(),
                            barTopic,
                            rest.subList(from, Math.min(rest.size(), from + 2000)),
                            n -> {});
                    committed.addAll(reader.poll(Duration.ofMillis(300)));
                }
                await(reader, committed, expectedIds.size());
                committed.addAll(reader.poll(Duration.ofSeconds(2)));
            } finally {
                job.cancel().get();
            }

            List<JsonNode> results = new ArrayList<>();
            for (String r : committed) {
                results.add(MAPPER.readTree(r));
            }
            Set<String> ids = new HashSet<>();
            results.forEach(r -> assertThat(ids.add(r.at("/anchor/id").asText())).isTrue());
            assertThat(ids).isEqualTo(expectedIds);

            results.sort(
                    Comparator.comparing((JsonNode r) -> r.at("/anchor/endTime").asText())
                            .thenComparing(r -> r.at("/anchor/symbol").asText()));
            String builtin = results.get(0).get("modelVersion").asText();
            assertThat(builtin).startsWith("builtin-cnn@");
            long oldCount =
                    results.stream()
                            .filter(r -> r.get("modelVersion").asText().equals(builtin))
                            .count();
            long newCount =
                    results.stream()
                            .filter(r -> r.get("modelVersion").asText().equals("cnn-v2"))
                            .count();
            assertThat(oldCount).isGreaterThanOrEqualTo(500);
            assertThat(newCount).isPositive();
            assertThat(oldCount + newCount).isEqualTo(results.size());
            // The bank was emptied for the new model: its first result saw an empty bank, and
            // no result of the new model was mined against an embedding of the old one.
            JsonNode firstNew =
                    results.stream()
                            .filter(r -> r.get("modelVersion").asText().equals("cnn-v2"))
                            .findFirst()
                            .orElseThrow();
            assertThat(firstNew.get("bankSize").asInt()).isZero();
            for (JsonNode r : results) {
                if (r.get("modelVersion").asText().equals("cnn-v2")) {
                    for (JsonNode n : r.get("negatives")) {
                        assertThat(n.get("modelVersion").asText()).isEqualTo("cnn-v2");
                    }
                }
            }
        }
    }

    private static Set<String> expectedWindowIds(List<Bar> bars) {
        Map<String, List<Bar>> bySymbol = new java.util.TreeMap<>();
        for (Bar b : bars) {
            bySymbol.computeIfAbsent(b.symbol, s -> new ArrayList<>()).add(b);
        }
        Set<String> ids = new HashSet<>();
        for (List<Bar> series : bySymbol.values()) {
            for (int last = 63; last < series.size(); last += 8) {
                Bar end = series.get(last);
                ids.add(end.symbol + "@" + io.hardneg.bars.BarTime.format(end.time));
            }
        }
        return ids;
    }

    private static void await(TopicIo.CommittedReader reader, List<String> into, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (into.size() < count) {
            assertThat(System.nanoTime()).as("results arrived in time").isLessThan(deadline);
            into.addAll(reader.poll(Duration.ofMillis(500)));
        }
    }
}
