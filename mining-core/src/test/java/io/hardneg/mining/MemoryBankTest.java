package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryBankTest {

    private static BankEntry entry(String symbol, long bar, float... embedding) {
        return new BankEntry(symbol, 60_000L * bar, bar, embedding, "v1");
    }

    @Test
    void constructorRejectsNonPositiveCapacityAndDim() {
        assertThatThrownBy(() -> new MemoryBank(0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new MemoryBank(4, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dim")
                .hasMessageContaining("got -2");
    }

    @Test
    void fullBankOverwritesTheOldestEntry() {
        MemoryBank bank = new MemoryBank(3, 1);
        for (int bar = 0; bar < 5; bar++) {
            assertThat(bank.nextSlot()).isEqualTo(bar % 3);
            assertThat(bank.add(entry("S", bar, 1f))).isEqualTo(bar % 3);
        }

        assertThat(bank.size()).isEqualTo(3);
        assertThat(bank.totalAdded()).isEqualTo(5);
        assertThat(bank.nextSlot()).isEqualTo(2);
        assertThat(bank.findSlot("S", 0)).isEqualTo(-1);
        assertThat(bank.findSlot("S", 1)).isEqualTo(-1);
        assertThat(bank.findSlot("S", 2)).isEqualTo(2);
        assertThat(bank.findSlot("S", 3)).isEqualTo(0);
        assertThat(bank.findSlot("S", 4)).isEqualTo(1);
        assertThat(bank.findSlot("T", 4)).isEqualTo(-1);
        assertThat(bank.entry(0)).isEqualTo(entry("S", 3, 1f));
    }

    @Test
    void addCopiesTheEmbeddingAndEntryReturnsACopy() {
        MemoryBank bank = new MemoryBank(2, 2);
        float[] e = {0.6f, 0.8f};
        bank.add(entry("S", 1, e));
        e[0] = 0f;
        bank.entry(0).embedding()[1] = 0f;

        assertThat(bank.entry(0).embedding()).containsExactly(0.6f, 0.8f);
    }

    @Test
    void rejectsEmbeddingsThatAreNotFiniteUnitVectors() {
        MemoryBank bank = new MemoryBank(2, 2);
        assertThatThrownBy(() -> bank.add(entry("S", 1, 0f, 0f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("norm 0.0")
                .hasMessageContaining("normalise before adding");
        assertThatThrownBy(() -> bank.add(entry("S", 1, 1.01f, 0f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalise before adding");
        assertThatThrownBy(() -> bank.add(entry("S", 1, Float.NaN, 1f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN")
                .hasMessageContaining("normalise before adding");
        assertThatThrownBy(() -> bank.add(entry("S", 1, 1f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 1");
        assertThat(bank.size()).isZero();
        // Within 1e-3 of unit length is accepted.
        bank.add(entry("S", 1, 1.0009f, 0f));
        assertThat(bank.size()).isEqualTo(1);
    }

    @Test
    void restoreReproducesRingPositionAndIndex() {
        MemoryBank original = new MemoryBank(3, 2);
        for (int bar = 0; bar < 7; bar++) {
            original.add(entry(bar % 2 == 0 ? "A" : "B", bar, 0.6f, 0.8f));
        }

        MemoryBank restored = new MemoryBank(3, 2);
        for (int slot = 2; slot >= 0; slot--) {
            restored.restoreSlot(slot, original.entry(slot));
        }
        restored.restoreTotalAdded(original.totalAdded());

        assertThat(restored.size()).isEqualTo(3);
        assertThat(restored.nextSlot()).isEqualTo(1);
        assertThat(restored.totalAdded()).isEqualTo(7);
        for (int bar = 0; bar < 7; bar++) {
            String symbol = bar % 2 == 0 ? "A" : "B";
            assertThat(restored.findSlot(symbol, bar)).isEqualTo(original.findSlot(symbol, bar));
        }
        assertThat(restored.add(entry("A", 8, 1f, 0f)))
                .isEqualTo(original.add(entry("A", 8, 1f, 0f)));
        // Slot 1 held bar 4, the oldest entry.
        assertThat(restored.findSlot("A", 4)).isEqualTo(-1);
        assertThat(restored.findSlot("A", 8)).isEqualTo(1);
    }

    @Test
    void restoreWithAMissingSlotFailsOnFirstUse() {
        MemoryBank bank = new MemoryBank(4, 1);
        bank.restoreSlot(0, entry("A", 1, 1f));
        bank.restoreTotalAdded(2);

        assertThatThrownBy(() -> bank.findSlot("A", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slot 1");
        assertThatThrownBy(() -> bank.restoreTotalAdded(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bank.restoreSlot(4, entry("A", 1, 1f)))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void entryOutsideTheLiveSlotsIsRejected() {
        MemoryBank bank = new MemoryBank(4, 1);
        bank.add(entry("A", 1, 1f));
        assertThatThrownBy(() -> bank.entry(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
