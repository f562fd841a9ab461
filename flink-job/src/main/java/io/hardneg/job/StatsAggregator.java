package io.hardneg.job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per bank key: gathers the {@link AnchorStat}s of each event-time interval {@code [k * interval,
 * (k + 1) * interval)} (aligned to the epoch, by anchor end time) and, once the watermark passes
 * the interval's end, emits one statistics record for it ({@link StatsJson}), keyed by the bank
 * key. An interval without anchors emits nothing.
 *
 * <p>The anchors of the intervals still open are kept in one keyed list, appended to per anchor;
 * when a timer fires every interval the watermark has passed is emitted, in interval order, in one
 * pass over that list. The list holds a few dozen bytes per anchor, and with a watermark that
 * advances it holds little more than one interval. An anchor of an interval that was already
 * emitted (impossible behind {@link MiningFunction}, which emits an anchor before the watermark
 * that passes it) would give that interval a second record.
 */
public final class StatsAggregator extends KeyedProcessFunction<String, AnchorStat, KeyedJson> {
    private static final long serialVersionUID = 1L;

    private final long intervalMs;
    private transient ListState<AnchorStat> openAnchors;

    /**
     * @param intervalMs length of an interval in milliseconds of event time, at least 1
     */
    public StatsAggregator(long intervalMs) {
        if (intervalMs < 1) {
            throw new IllegalArgumentException(
                    "intervalMs must be >= 1, got " + intervalMs + "; use stats.interval.ms");
        }
        this.intervalMs = intervalMs;
    }

    /** The statistics stream of the anchors that {@code mined} sent to {@link AnchorStats#TAG}. */
    public static DataStream<KeyedJson> attach(
            SingleOutputStreamOperator<?> mined, long intervalMs) {
        return mined.getSideOutput(AnchorStats.TAG)
                .keyBy(stat -> stat.bankKey)
                .process(new StatsAggregator(intervalMs))
                .name("aggregate-stats")
                .uid("aggregate-stats");
    }

    @Override
    public void open(OpenContext openContext) {
        openAnchors =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "stats-open-anchors",
                                        TypeInformation.of(AnchorStat.class)));
    }

    /** Start of the interval that holds {@code time}. */
    long intervalStart(long time) {
        return Math.floorDiv(time, intervalMs) * intervalMs;
    }

    @Override
    public void processElement(AnchorStat stat, Context ctx, Collector<KeyedJson> out)
            throws Exception {
        openAnchors.add(stat);
        ctx.timerService().registerEventTimeTimer(intervalStart(stat.endTime) + intervalMs - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedJson> out)
            throws Exception {
        // Every interval whose last millisecond the watermark has reached is complete.
        long watermark = Math.max(timestamp, ctx.timerService().currentWatermark());
        TreeMap<Long, StatsInterval> due = new TreeMap<>();
        List<AnchorStat> keep = new ArrayList<>();
        for (AnchorStat stat : openAnchors.get()) {
            long start = intervalStart(stat.endTime);
            if (start + intervalMs - 1 <= watermark) {
                due.computeIfAbsent(start, s -> new StatsInterval(s, s + intervalMs)).add(stat);
            } else {
                keep.add(stat);
            }
        }
        if (due.isEmpty()) {
            return; // emitted with an earlier interval's timer
        }
        openAnchors.update(keep);
        String key = ctx.getCurrentKey();
        for (Map.Entry<Long, StatsInterval> e : due.entrySet()) {
            out.collect(
                    new KeyedJson(
                            key,
                            StatsJson.write(key, e.getValue()).getBytes(StandardCharsets.UTF_8),
                            StatsJson.SCHEMA_VERSION,
                            null));
        }
    }
}
