package io.hardneg.job;

import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarTime;
import io.hardneg.bars.RejectReason;
import io.hardneg.window.MarketWindow;
import io.hardneg.window.SeriesState;
import io.hardneg.window.WindowBuilder;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per symbol: holds bars until the watermark passes them, then appends them in event-time order and
 * emits a window every stride bars. A bar at a time already seen is a duplicate (the first one
 * wins); a bar behind the watermark is late. Both go to the dead letters.
 */
public final class WindowAssembler extends KeyedProcessFunction<String, BarEnvelope, MarketWindow> {
    private static final long serialVersionUID = 1L;

    private final WindowBuilder builder;

    private transient MapState<Long, BarEnvelope> pending;
    private transient ValueState<SeriesState> series;
    private transient Counter windows;
    private transient Map<RejectReason, Counter> rejected;

    public WindowAssembler(WindowBuilder builder) {
        this.builder = builder;
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-bars",
                                        Types.LONG,
                                        TypeInformation.of(BarEnvelope.class)));
        series =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "series", TypeInformation.of(SeriesState.class)));
        windows = getRuntimeContext().getMetricGroup().counter("windows");
        rejected = JobMetrics.rejectCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(BarEnvelope envelope, Context ctx, Collector<MarketWindow> out)
            throws Exception {
        Bar bar = envelope.bar;
        if (pending.contains(bar.time)) {
            reject(ctx, RejectReason.DUPLICATE, alreadyReceived(bar), envelope);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (bar.time <= watermark) {
            // Only here can the bar repeat one already appended: those are all behind the
            // watermark. Reading the series on this rare path keeps it off the hot one.
            rejectBehind(ctx, envelope, series.value(), watermark);
            return;
        }
        pending.put(bar.time, envelope);
        ctx.timerService().registerEventTimeTimer(bar.time);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MarketWindow> out)
            throws Exception {
        BarEnvelope envelope = pending.get(timestamp);
        if (envelope == null) {
            return;
        }
        pending.remove(timestamp);
        SeriesState s = series.value();
        if (s == null) {
            s = builder.newSeries();
        }
        if (envelope.bar.time <= s.lastTime) {
            // After a restore the watermark starts over, so a bar behind the series can reach
            // this point once; it must not be appended out of order.
            rejectBehind(ctx, envelope, s, s.lastTime);
            return;
        }
        MarketWindow window = builder.append(s, envelope.bar);
        series.update(s);
        if (window != null) {
            windows.inc();
            out.collect(window);
        }
    }

    /**
     * A bar at or behind what was already appended: a duplicate if its time was seen, else late.
     */
    private void rejectBehind(Context ctx, BarEnvelope envelope, SeriesState s, long passed) {
        Bar bar = envelope.bar;
        if (s != null && seen(s, bar)) {
            reject(ctx, RejectReason.DUPLICATE, alreadyReceived(bar), envelope);
        } else {
            reject(
                    ctx,
                    RejectReason.LATE,
                    "bar at "
                            + BarTime.format(bar.time)
                            + " arrived after the watermark passed "
                            + BarTime.format(passed)
                            + "; raise source.out-of-orderness.ms to keep such bars",
                    envelope);
        }
    }

    private static String alreadyReceived(Bar bar) {
        return "a bar of "
                + bar.symbol
                + " at "
                + BarTime.format(bar.time)
                + " was already received";
    }

    /** Whether a bar at this time is still in the ring of recent bars. */
    private static boolean seen(SeriesState s, Bar bar) {
        for (long t : s.times) {
            if (t == bar.time) {
                return true;
            }
        }
        return false;
    }

    private void reject(Context ctx, RejectReason reason, String detail, BarEnvelope envelope) {
        rejected.get(reason).inc();
        ctx.output(
                DeadLetters.TAG,
                DeadLetter.of(
                        reason,
                        detail,
                        envelope.source,
                        envelope.partition,
                        envelope.offset,
                        BarJson.toJson(envelope.bar)));
    }
}
