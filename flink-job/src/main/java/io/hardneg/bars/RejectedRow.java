package io.hardneg.bars;

/** A CSV row that was not used: where it is and why. */
public record RejectedRow(String file, int line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
