package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BarParsingTest {

    @Test
    void aRecordWithoutValueBecomesADeadLetterWithItsCoordinates() {
        BarEnvelope envelope = BarParsing.parse(null, "bars", 3, 1234L);

        assertThat(envelope.bar).isNull();
        DeadLetter letter = envelope.deadLetter;
        assertThat(letter.reason).isEqualTo("malformed");
        assertThat(letter.detail)
                .isEqualTo(
                        "the record has no value (a tombstone?); publish each bar as a JSON"
                                + " object");
        assertThat(letter.source).isEqualTo("bars");
        assertThat(letter.partition).isEqualTo(3);
        assertThat(letter.offset).isEqualTo(1234L);
        assertThat(letter.payload).isEmpty();
    }
}
