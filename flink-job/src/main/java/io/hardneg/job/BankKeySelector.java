package io.hardneg.job;

import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;

/** Maps a window to its memory bank: one global bank, one per sector, or one per symbol. */
public final class BankKeySelector implements KeySelector<EmbeddedWindow, String> {
    private static final long serialVersionUID = 1L;

    /** The key of the single bank of {@code bank.key=global}. */
    public static final String GLOBAL = "global";

    private final String mode;
    private final Map<String, String> sectors;
    private final String defaultSector;

    public BankKeySelector(String mode, Map<String, String> sectors, String defaultSector) {
        if (!mode.equals("global") && !mode.equals("sector") && !mode.equals("symbol")) {
            throw new IllegalArgumentException(
                    "bank.key=" + mode + " is not one of global|sector|symbol");
        }
        this.mode = mode;
        this.sectors = Map.copyOf(sectors);
        this.defaultSector = defaultSector;
    }

    public String bankOf(String symbol) {
        switch (mode) {
            case "symbol":
                return symbol;
            case "sector":
                return sectors.getOrDefault(symbol, defaultSector);
            default:
                return GLOBAL;
        }
    }

    @Override
    public String getKey(EmbeddedWindow window) {
        return bankOf(window.symbol);
    }
}
