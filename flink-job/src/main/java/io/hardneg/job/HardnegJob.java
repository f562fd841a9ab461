package io.hardneg.job;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Wires sources and sinks around {@link HardnegPipeline} for each way the job runs. */
public final class HardnegJob {
    private HardnegJob() {}

    /**
     * Flink settings the job needs wherever it runs: the RocksDB state backend, checkpointing with
     * incremental, retained checkpoints, and the job's parallelism.
     */
    public static Configuration flinkConfiguration(HardnegConfig config) {
        Configuration flink = new Configuration();
        flink.setString("state.backend.type", "rocksdb");
        // Timers on the heap (still checkpointed with the keyed state): a RocksDB timer costs a
        // put and a delete per bar and per anchor; the heap queue holds only the timers of
        // elements the watermark has not passed yet, a few per key.
        flink.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
        // The state is mostly float vectors, which Snappy barely shrinks, rewritten in a ring
        // (bank slots): uncompressed files and universal compaction cut the compaction threads'
        // CPU to about a fifth of leveled Snappy's in the throughput benchmark, and the bytes
        // uploaded per incremental checkpoint (p50) from 79 MB to about 32 MB.
        flink.setString("state.backend.rocksdb.compression.per.level", "NO_COMPRESSION");
        flink.setString("state.backend.rocksdb.compaction.style", "UNIVERSAL");
        flink.setString("execution.checkpointing.incremental", "true");
        flink.setString(
                "execution.checkpointing.interval",
                config.get(HardnegOptions.CHECKPOINT_INTERVAL_MS) + " ms");
        flink.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        String dir = config.get(HardnegOptions.CHECKPOINT_DIR);
        if (!dir.isEmpty()) {
            flink.setString("execution.checkpointing.storage", "filesystem");
            flink.setString("execution.checkpointing.dir", dir);
        }
        int parallelism = config.get(HardnegOptions.PARALLELISM);
        if (parallelism > 0) {
            flink.setString("parallelism.default", Integer.toString(parallelism));
        }
        flink.setString("pipeline.name", "hardneg");
        // Last, so that an operator's flink.* setting wins over the job's own choice above.
        FlinkSettings.check(config.flinkSettings());
        config.flinkSettings().forEach(flink::setString);
        return flink;
    }

    /** The streaming job: bars from Kafka, results and dead letters to Kafka. */
    public static void buildKafka(
            StreamExecutionEnvironment env, HardnegConfig config, boolean bounded)
            throws IOException {
        DataStream<BarEnvelope> envelopes =
                env.fromSource(
                                KafkaIo.barSource(config, bounded),
                                HardnegPipeline.watermarks(config),
                                "kafka-bars")
                        .uid("kafka-bars");
        DataStream<ModelAnnouncement> models = null;
        if (!config.get(HardnegOptions.TOPIC_MODELS).isEmpty()) {
            models =
                    env.fromSource(
                                    KafkaIo.modelSource(config, bounded),
                                    ModelWatermarks.never(),
                                    "kafka-models")
                            .uid("kafka-models")
                            .setParallelism(1);
        }
        HardnegPipeline.Outputs outputs = HardnegPipeline.build(envelopes, models, config);
        outputs.results()
                .sinkTo(KafkaIo.resultSink(config))
                .name("kafka-results")
                .uid("kafka-results");
        outputs.deadLetters()
                .map(DeadLetterKeys::keyed)
                .name("dead-letter-json")
                .uid("dead-letter-json")
                .sinkTo(KafkaIo.deadLetterSink(config))
                .name("kafka-dead-letters")
                .uid("kafka-dead-letters");
        outputs.stats().sinkTo(KafkaIo.statsSink(config)).name("kafka-stats").uid("kafka-stats");
    }

    /**
     * The bounded job over a file of JSON bars (one per line, in event-time order): results, dead
     * letters and statistics records in one stream, each tagged by its key ({@link #RESULT}, {@link
     * #DEAD_LETTER} or {@link #STATS}).
     */
    public static DataStream<KeyedJson> buildFile(
            StreamExecutionEnvironment env, HardnegConfig config, Path barsJsonLines)
            throws IOException {
        String source = barsJsonLines.getFileName().toString();
        FileSource<String> files =
                FileSource.forRecordStreamFormat(
                                new TextLineInputFormat(StandardCharsets.UTF_8.name()),
                                new org.apache.flink.core.fs.Path(barsJsonLines.toUri()))
                        .build();
        DataStream<BarEnvelope> envelopes =
                env.fromSource(files, WatermarkStrategy.noWatermarks(), "file-bars")
                        .uid("file-bars")
                        .map(
                                line ->
                                        BarParsing.parse(
                                                line.getBytes(StandardCharsets.UTF_8),
                                                source,
                                                -1,
                                                -1))
                        .returns(TypeInformation.of(BarEnvelope.class))
                        .name("parse-bars")
                        .assignTimestampsAndWatermarks(HardnegPipeline.watermarks(config))
                        .name("bar-watermarks");
        HardnegPipeline.Outputs outputs = HardnegPipeline.build(envelopes, config);
        DataStream<KeyedJson> results =
                outputs.results()
                        .map(r -> new KeyedJson(RESULT, r.value, r.schema, r.modelVersion))
                        .name("tag-results");
        DataStream<KeyedJson> dead =
                outputs.deadLetters()
                        .map(d -> new KeyedJson(DEAD_LETTER, d.toJson()))
                        .name("tag-dead-letters");
        DataStream<KeyedJson> stats =
                outputs.stats()
                        .map(s -> new KeyedJson(STATS, s.value, s.schema, s.modelVersion))
                        .name("tag-stats");
        return results.union(dead, stats);
    }

    /** Tag of result records in {@link #buildFile}. */
    public static final String RESULT = "result";

    /** Tag of dead letters in {@link #buildFile}. */
    public static final String DEAD_LETTER = "dead-letter";

    /** Tag of statistics records in {@link #buildFile}. */
    public static final String STATS = "stats";

    /** Keys dead letters by their origin. */
    static final class DeadLetterKeys {
        private DeadLetterKeys() {}

        static KeyedJson keyed(DeadLetter d) {
            return new KeyedJson(d.source + "/" + d.partition + "@" + d.offset, d.toJson());
        }
    }
}
