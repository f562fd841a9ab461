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

    private transient MapState<Long, Bar> pending;
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
                                        "pending-bars", Types.LONG, TypeInformation.of(Bar.class)));
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
        SeriesState s = series.value();
        if (pending.contains(bar.time) || (s != null && bar.time <= s.lastTime && seen(s, bar))) {
            reject(
                    ctx,
                    RejectReason.DUPLICATE,
                    "a bar of "
                            + bar.symbol
                            + " at "
                            + BarTime.format(bar.time)
                            + " was already received",
                    envelope);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (bar.time <= watermark || (s != null && bar.time <= s.lastTime)) {
            reject(
                    ctx,
                    RejectReason.LATE,
                    "bar at "
                            + BarTime.format(bar.time)
                            + " arrived after the watermark passed "
                            + BarTime.format(
                                    Math.max(watermark, s == null ? watermark : s.lastTime))
                            + "; raise source.out-of-orderness.ms to keep such bars",
                    envelope);
            return;
        }
        pending.put(bar.time, bar);
        ctx.timerService().registerEventTimeTimer(bar.time);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MarketWindow> out)
            throws Exception {
        Bar bar = pending.get(timestamp);
        if (bar == null) {
            return;
        }
        pending.remove(timestamp);
        SeriesState s = series.value();
        if (s == null) {
            s = builder.newSeries();
        }
        MarketWindow window = builder.append(s, bar);
        series.update(s);
        if (window != null) {
            windows.inc();
            out.collect(window);
        }
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
