package io.hardneg.cli;

import io.hardneg.bars.Bar;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.bars.RejectedRow;
import io.hardneg.kafka.BarReplayer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Publishes CSV bars to the bar topic in event-time order, keyed by symbol, as"
                        + " JSON; as fast as possible, at a rate, or at a multiple of real time.")
final class ReplayCommand implements Callable<Integer> {
    @Option(
            names = "--bars-dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory of CSV files, read as by backfill.")
    Path barsDir;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--topic",
            defaultValue = "hardneg.bars",
            paramLabel = "TOPIC",
            description = "Bar topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @ArgGroup(exclusive = true)
    Pace pace;

    static final class Pace {
        @Option(
                names = "--speed",
                paramLabel = "X",
                description = "Event time runs X times faster than the wall clock.")
        Double speed;

        @Option(names = "--rate", paramLabel = "N", description = "Bars per second.")
        Double rate;
    }

    @Override
    public Integer call() throws Exception {
        CsvBarReader reader = CsvBarReader.readDirectory(barsDir);
        List<Bar> bars = reader.barsInTimeOrder();
        List<RejectedRow> rejected = reader.rejected();
        System.out.printf(
                Locale.ROOT,
                "read %,d bars from %d files, %,d rows rejected%n",
                bars.size(),
                reader.files(),
                rejected.size());
        rejected.stream().limit(5).forEach(r -> System.out.println("  " + r));
        BarReplayer.Pacing pacing =
                pace == null
                        ? BarReplayer.Pacing.asFastAsPossible()
                        : pace.speed != null
                                ? BarReplayer.Pacing.speed(pace.speed)
                                : BarReplayer.Pacing.rate(pace.rate);
        long start = System.nanoTime();
        BarReplayer.replay(bootstrap, topic, bars, pacing, System.out);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%nreplayed %,d bars to %s in %.1f s (%,.0f bars/s)%n",
                bars.size(),
                topic,
                seconds,
                bars.size() / seconds);
        return 0;
    }
}
