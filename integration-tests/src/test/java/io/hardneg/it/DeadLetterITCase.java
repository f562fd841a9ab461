package io.hardneg.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarTime;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.HardnegJob;
import io.hardneg.local.EmbeddedKafka;
import io.hardneg.local.LocalFlink;
import io.hardneg.local.TopicIo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad bar, published among good ones on a real broker, lands in the dead-letter topic
 * with its reason, topic, partition, offset and original bytes, and the good bars around it produce
 * exactly their results.
 */
class DeadLetterITCase {
    private static final long DAY = 86_400_000L;
    private static final long START = 1_356_998_400_000L; // 2013-01-01T00:00:00Z
    private static final int LENGTH = 16;
    private static final int STRIDE = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void eachRejectReasonReachesTheDeadLetterTopicAndGoodBarsStillGiveResults(
            @TempDir java.nio.file.Path dir) throws Exception {
        HardnegConfig base =
                HardnegConfig.defaults()
                        .with(
                                Map.of(
                                        HardnegOptions.WINDOW_LENGTH.key(),
                                        "" + LENGTH,
                                        HardnegOptions.WINDOW_STRIDE.key(),
                                        "" + STRIDE,
                                        HardnegOptions.CHECKPOINT_INTERVAL_MS.key(),
                                        "1000",
                                        HardnegOptions.ENCODER_BATCH_MAX_WAIT_MS.key(),
                                        "5"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            HardnegConfig config =
                    base.with(HardnegOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            String bars = config.get(HardnegOptions.TOPIC_BARS);
            String results = config.get(HardnegOptions.TOPIC_RESULTS);
            String dead = config.get(HardnegOptions.TOPIC_DEAD_LETTERS);
            kafka.createTopic(bars, 1, Map.of());
            kafka.createTopic(results, 2, Map.of());
            kafka.createTopic(dead, 1, Map.of());
            kafka.createTopic(config.get(HardnegOptions.TOPIC_STATS), 1, Map.of());

            // Phase 1: 100 good daily bars of A and of B, with one bad record of each kind
            // after bar 30, and a far later bar of Z that lets the watermark pass them all.
            List<String[]> records = new ArrayList<>();
            Map<String, Long> offsetOfReason = new LinkedHashMap<>();
            Map<String, String> payloadOfReason = new LinkedHashMap<>();
            Set<String> expectedIds = new HashSet<>();
            for (int d = 0; d < 100; d++) {
                for (String symbol : List.of("A", "B")) {
                    Bar bar = good(symbol, d);
                    records.add(new String[] {symbol, BarJson.toJson(bar)});
                    if (d >= LENGTH - 1 && (d - (LENGTH - 1)) % STRIDE == 0) {
                        expectedIds.add(symbol + "@" + BarTime.format(bar.time));
                    }
                }
                if (d == 30) {
                    long t = START + 40 * DAY + DAY / 2;
                    String tail = ",\"volume\":5}";
                    bad(records, offsetOfReason, payloadOfReason, "malformed", "{\"symbol\":\"A\"");
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "missing-field",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"high\":3,\"low\":1,\"close\":2"
                                    + tail);
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "mistyped-field",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"open\":\"two\",\"high\":3,\"low\":1,\"close\":2"
                                    + tail);
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "non-finite-price",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"open\":\"NaN\",\"high\":3,\"low\":1,\"close\":2"
                                    + tail);
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "non-positive-price",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"open\":-2,\"high\":3,\"low\":1,\"close\":2"
                                    + tail);
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "high-below-low",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"open\":2,\"high\":1,\"low\":3,\"close\":2"
                                    + tail);
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "price-outside-range",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"open\":2,\"high\":3,\"low\":1,\"close\":9"
                                    + tail);
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "negative-volume",
                            "{\"symbol\":\"A\",\"time\":"
                                    + t
                                    + ",\"open\":2,\"high\":3,\"low\":1,\"close\":2,\"volume\":-5}");
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "future-time",
                            "{\"symbol\":\"A\",\"time\":"
                                    + (System.currentTimeMillis() + 3 * DAY)
                                    + ",\"open\":2,\"high\":3,\"low\":1,\"close\":2"
                                    + tail);
                    // The same symbol and time as the bar just before: the first one wins.
                    bad(
                            records,
                            offsetOfReason,
                            payloadOfReason,
                            "duplicate",
                            BarJson.toJson(new Bar("B", good("B", 30).time, 9, 9, 9, 9, 9)));
                }
            }
            records.add(new String[] {"Z", BarJson.toJson(good("Z", 200))});
            TopicIo.publishRaw(kafka.bootstrapServers(), bars, records);

            StreamExecutionEnvironment env =
                    LocalFlink.environment(config, 2, dir.resolve("checkpoints"));
            HardnegJob.buildKafka(env, config, false);
            JobClient job = env.executeAsync("hardneg-dead-letter-test");
            List<String> committed = new ArrayList<>();
            List<String> deadLetters = new ArrayList<>();
            try (TopicIo.CommittedReader resultReader =
                            new TopicIo.CommittedReader(kafka.bootstrapServers(), results);
                    TopicIo.CommittedReader deadReader =
                            new TopicIo.CommittedReader(kafka.bootstrapServers(), dead)) {
                await(resultReader, committed, expectedIds.size());
                await(deadReader, deadLetters, offsetOfReason.size());

                // Phase 2: a bar of A from day 50, long after the watermark passed day 199.
                String late =
                        BarJson.toJson(new Bar("A", START + 50 * DAY + 3_600_000, 2, 3, 1, 2, 5));
                long lateOffset = records.size();
                TopicIo.publishRaw(
                        kafka.bootstrapServers(),
                        bars,
                        List.<String[]>of(new String[] {"A", late}));
                offsetOfReason.put("late", lateOffset);
                payloadOfReason.put("late", late);
                await(deadReader, deadLetters, offsetOfReason.size());
                committed.addAll(resultReader.poll(Duration.ofSeconds(2)));
            } finally {
                job.cancel().get();
            }

            Set<String> ids = new HashSet<>();
            for (String r : committed) {
                assertThat(ids.add(MAPPER.readTree(r).at("/anchor/id").asText())).isTrue();
            }
            assertThat(ids).isEqualTo(expectedIds);

            Map<String, JsonNode> byReason = new LinkedHashMap<>();
            for (String d : deadLetters) {
                JsonNode node = MAPPER.readTree(d);
                assertThat(byReason.put(node.get("reason").asText(), node)).isNull();
            }
            assertThat(byReason.keySet())
                    .containsExactlyInAnyOrderElementsOf(offsetOfReason.keySet());
            for (Map.Entry<String, Long> e : offsetOfReason.entrySet()) {
                JsonNode node = byReason.get(e.getKey());
                assertThat(node.get("source").asText()).as(e.getKey()).isEqualTo(bars);
                assertThat(node.get("partition").asInt()).as(e.getKey()).isEqualTo(0);
                assertThat(node.get("offset").asLong()).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(node.get("detail").asText()).as(e.getKey()).isNotBlank();
                if (!e.getKey().equals("duplicate")
                        && !e.getKey().equals("late")
                        && !e.getKey().equals("future-time")) {
                    assertThat(node.get("payload").asText())
                            .as(e.getKey())
                            .isEqualTo(payloadOfReason.get(e.getKey()));
                }
            }
        }
    }

    private static Bar good(String symbol, int day) {
        double close = 100 + 10 * Math.sin(day / 5.0 + symbol.hashCode());
        return new Bar(
                symbol, START + day * DAY, close, close * 1.01, close * 0.99, close, 1000 + day);
    }

    private static void bad(
            List<String[]> records,
            Map<String, Long> offsets,
            Map<String, String> payloads,
            String reason,
            String json) {
        offsets.put(reason, (long) records.size());
        payloads.put(reason, json);
        records.add(new String[] {"A", json});
    }

    private static void await(TopicIo.CommittedReader reader, List<String> into, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (into.size() < count) {
            assertThat(System.nanoTime()).as("records arrived in time").isLessThan(deadline);
            into.addAll(reader.poll(Duration.ofMillis(500)));
        }
    }
}
