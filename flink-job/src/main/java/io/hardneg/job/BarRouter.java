package io.hardneg.job;

import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarTime;
import io.hardneg.bars.RejectReason;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes envelopes of usable bars on and sends dead letters to the side output, counting each
 * reason.
 */
public final class BarRouter extends ProcessFunction<BarEnvelope, BarEnvelope> {
    private static final long serialVersionUID = 1L;

    /** Epoch milliseconds now; injected so tests control time. */
    public interface Clock extends java.io.Serializable {
        long millis();
    }

    private final long maxFutureMs;
    private final Clock clock;

    private transient Counter barsIn;
    private transient Map<RejectReason, Counter> rejected;

    public BarRouter(long maxFutureMs, Clock clock) {
        this.maxFutureMs = maxFutureMs;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        barsIn = getRuntimeContext().getMetricGroup().counter("barsIn");
        rejected = JobMetrics.rejectCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(BarEnvelope envelope, Context ctx, Collector<BarEnvelope> out) {
        barsIn.inc();
        DeadLetter dead = envelope.deadLetter;
        if (envelope.bar != null) {
            long now = clock.millis();
            if (envelope.bar.time <= now + maxFutureMs) {
                out.collect(envelope);
                return;
            }
            dead =
                    DeadLetter.of(
                            RejectReason.FUTURE_TIME,
                            "bar time "
                                    + BarTime.format(envelope.bar.time)
                                    + " is more than source.max-future.ms="
                                    + maxFutureMs
                                    + " ahead of now ("
                                    + BarTime.format(now)
                                    + ")",
                            envelope.source,
                            envelope.partition,
                            envelope.offset,
                            BarJson.toJson(envelope.bar));
        }
        rejected.get(JobMetrics.reasonOf(dead.reason)).inc();
        ctx.output(DeadLetters.TAG, dead);
    }
}
