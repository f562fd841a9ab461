package io.hardneg.job;

import io.hardneg.bars.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Names and registration of the job's metrics (see README, Metrics). */
final class JobMetrics {
    private JobMetrics() {}

    /** One counter per reject reason, in the group {@code deadLetters}. */
    static Map<RejectReason, Counter> rejectCounters(MetricGroup group) {
        MetricGroup dead = group.addGroup("deadLetters");
        Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            counters.put(reason, dead.counter(reason.label()));
        }
        return counters;
    }

    static RejectReason reasonOf(String label) {
        for (RejectReason reason : RejectReason.values()) {
            if (reason.label().equals(label)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown reject reason " + label);
    }
}
