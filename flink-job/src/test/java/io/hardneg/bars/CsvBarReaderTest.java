package io.hardneg.bars;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvBarReaderTest {
    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void kaggleLayoutKeepsGoodRowsAndReportsBadOnesWithFileLineAndReason() throws Exception {
        CsvBarReader reader = new CsvBarReader();
        reader.read(
                "BA.csv",
                csv(
                        "Date,Open,High,Low,Close,Volume,Name\n"
                                + "2017-07-28,238.0,242.0,237.5,241.0,100,BA\n"
                                + "2017-07-31,,,,242.46,5777271,BA\n"
                                + "2017-08-01,242.0,241.0,243.0,242.5,10,BA\n"
                                + "2017-08-02,242.0,245.0,241.0,246.0,10,BA\n"
                                + "2017-08-03,242.0,245.0,241.0,244.0,-1,BA\n"));
        assertThat(reader.barsInTimeOrder())
                .containsExactly(new Bar("BA", 1501200000000L, 238.0, 242.0, 237.5, 241.0, 100));
        assertThat(reader.rejected())
                .extracting(RejectedRow::toString)
                .containsExactly(
                        "BA.csv:3: missing-field: Open is empty",
                        "BA.csv:4: high-below-low: high 241.0 is below low 243.0",
                        "BA.csv:5: price-outside-range: close 246.0 is outside [low 241.0, high"
                                + " 245.0]",
                        "BA.csv:6: negative-volume: volume -1.0 is negative");
    }

    @Test
    void intradayLayoutTakesTheSymbolFromTheFileName() throws Exception {
        CsvBarReader reader = new CsvBarReader();
        reader.read(
                "INDA_1min.csv",
                csv(
                        "timestamp,open,high,low,close,volume\n"
                                + "2023-07-10 10:10:00,43.58,43.58,43.58,43.58,250.0\n"));
        assertThat(reader.barsInTimeOrder())
                .containsExactly(
                        new Bar("INDA", 1688983800000L, 43.58, 43.58, 43.58, 43.58, 250.0));
    }

    @Test
    void emptyFileIsReportedAndReadingGoesOn() throws Exception {
        CsvBarReader reader = new CsvBarReader();
        reader.read("AMT.csv", csv("Date,Open,High,Low,Close,Volume,Name\n"));
        reader.read("NONE.csv", csv(""));
        assertThat(reader.emptyFiles()).containsExactly("AMT.csv", "NONE.csv");
        assertThat(reader.files()).isEqualTo(2);
        assertThat(reader.rejected())
                .extracting(RejectedRow::toString)
                .containsExactly("NONE.csv:1: empty file: no header");
    }

    @Test
    void headerWithoutNeededColumnsIsRejectedWithTheExpectedLayouts() throws Exception {
        CsvBarReader reader = new CsvBarReader();
        reader.read("X.csv", csv("when,price\n1,2\n"));
        assertThat(reader.rejected().get(0).reason())
                .isEqualTo(
                        "header 'when,price' lacks Date or timestamp, Open, High, Low, Close,"
                                + " Volume; expected Date,Open,High,Low,Close,Volume[,Name] or"
                                + " timestamp,open,high,low,close,volume");
    }
}
