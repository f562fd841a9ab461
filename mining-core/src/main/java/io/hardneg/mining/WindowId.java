package io.hardneg.mining;

import java.util.Objects;

/**
 * The identity of a window: its symbol and end time. Window ids order by (symbol, endTime).
 *
 * @param symbol instrument symbol
 * @param endTime end of the window, epoch milliseconds
 */
public record WindowId(String symbol, long endTime) {

    public WindowId {
        Objects.requireNonNull(symbol, "symbol");
    }
}
