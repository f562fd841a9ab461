package io.hardneg.job;

import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarRejectedException;
import java.nio.charset.StandardCharsets;

/** Turns the bytes of one bar record into an envelope; never throws on bad input. */
public final class BarParsing {
    private BarParsing() {}

    public static BarEnvelope parse(byte[] bytes, String source, int partition, long offset) {
        try {
            return BarEnvelope.ofBar(BarJson.parse(bytes), source, partition, offset);
        } catch (BarRejectedException e) {
            String payload = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
            return BarEnvelope.ofDeadLetter(
                    DeadLetter.of(e.reason(), e.getMessage(), source, partition, offset, payload));
        }
    }
}
