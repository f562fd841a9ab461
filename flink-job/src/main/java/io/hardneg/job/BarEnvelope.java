package io.hardneg.job;

import io.hardneg.bars.Bar;

/** What a source hands the job: a usable bar, or a dead letter saying why there is none. */
public final class BarEnvelope {
    public Bar bar;
    public DeadLetter deadLetter;

    public BarEnvelope() {}

    public static BarEnvelope ofBar(Bar bar) {
        BarEnvelope e = new BarEnvelope();
        e.bar = bar;
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
