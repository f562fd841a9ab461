package io.hardneg.job;

import io.hardneg.bars.Bar;
import io.hardneg.bars.RejectReason;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes usable bars on and sends dead letters to the side output, counting each reason. */
public final class BarRouter extends ProcessFunction<BarEnvelope, Bar> {
    private static final long serialVersionUID = 1L;

    private transient Counter barsIn;
    private transient Map<RejectReason, Counter> rejected;

    @Override
    public void open(OpenContext openContext) {
        barsIn = getRuntimeContext().getMetricGroup().counter("barsIn");
        rejected = JobMetrics.rejectCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(BarEnvelope envelope, Context ctx, Collector<Bar> out) {
        barsIn.inc();
        if (envelope.bar != null) {
            out.collect(envelope.bar);
            return;
        }
        DeadLetter dead = envelope.deadLetter;
        rejected.get(JobMetrics.reasonOf(dead.reason)).inc();
        ctx.output(DeadLetters.TAG, dead);
    }
}
