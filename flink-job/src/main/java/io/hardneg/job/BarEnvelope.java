package io.hardneg.job;

import io.hardneg.bars.Bar;

/** What a source hands the job: a usable bar, or a dead letter saying why there is none. */
public final class BarEnvelope {
    public Bar bar;
    public DeadLetter deadLetter;

    /** Where the record came from: topic (or file), partition and offset; -1 when unknown. */
    public String source;

    public int partition = -1;
    public long offset = -1;

    public BarEnvelope() {}

    public static BarEnvelope ofBar(Bar bar, String source, int partition, long offset) {
        BarEnvelope e = new BarEnvelope();
        e.bar = bar;
        e.source = source;
        e.partition = partition;
        e.offset = offset;
        return e;
    }

    public static BarEnvelope ofDeadLetter(DeadLetter deadLetter) {
        BarEnvelope e = new BarEnvelope();
        e.deadLetter = deadLetter;
        return e;
    }

    /** Event time for the watermark; dead letters never move it. */
    public long eventTime() {
        return bar != null ? bar.time : Long.MIN_VALUE;
    }
}
