package io.hardneg.kafka;

import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes bars to a topic in list order with a chosen pace, showing a progress bar. */
public final class BarReplayer {
    private static final int BAR_WIDTH = 40;

    private BarReplayer() {}

    /** When each bar is sent, relative to the first. */
    public interface Pacing {
        /** Nanoseconds after the start at which bar {@code index} (time {@code t}) is due. */
        long dueNanos(int index, long firstTime, long time);

        static Pacing asFastAsPossible() {
            return (i, first, t) -> 0;
        }

        static Pacing rate(double barsPerSecond) {
            if (!(barsPerSecond > 0)) {
                throw new IllegalArgumentException(
                        "--rate "
                                + barsPerSecond
                                + " must be a positive number of bars per second");
            }
            return (i, first, t) -> (long) (i / barsPerSecond * 1e9);
        }

        static Pacing speed(double factor) {
            if (!(factor > 0)) {
                throw new IllegalArgumentException(
                        "--speed " + factor + " must be positive (2 = twice real time)");
            }
            return (i, first, t) -> (long) ((t - first) * 1e6 / factor);
        }
    }

    public static void replay(
            String bootstrap, String topic, List<Bar> bars, Pacing pacing, PrintStream progress) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        p.setProperty("linger.ms", "5");
        p.setProperty("max.block.ms", "15000");
        p.setProperty("delivery.timeout.ms", "60000");
        long start = System.nanoTime();
        long first = bars.isEmpty() ? 0 : bars.get(0).time;
        int shownPercent = -1;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            try {
                producer.partitionsFor(topic);
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new IllegalStateException(
                        "cannot reach topic "
                                + topic
                                + " at "
                                + bootstrap
                                + " within 15 s ("
                                + e.getMessage()
                                + "); check --bootstrap and that the topic exists"
                                + " (./hardneg topics create)",
                        e);
            }
            for (int i = 0; i < bars.size(); i++) {
                Bar bar = bars.get(i);
                long wait = start + pacing.dueNanos(i, first, bar.time) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(topic, bar.symbol, BarJson.toJson(bar)));
                int percent = (int) (100L * (i + 1) / bars.size());
                if (percent != shownPercent) {
                    shownPercent = percent;
                    int filled = percent * BAR_WIDTH / 100;
                    progress.printf(
                            Locale.ROOT,
                            "\r[%s%s] %3d%% %,d bars",
                            "#".repeat(filled),
                            ".".repeat(BAR_WIDTH - filled),
                            percent,
                            i + 1);
                    progress.flush();
                }
            }
            producer.flush();
        }
    }
}
