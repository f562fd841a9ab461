package io.hardneg.job;

import org.apache.flink.util.OutputTag;

/** The side output every operator sends rejected input to. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}
}
