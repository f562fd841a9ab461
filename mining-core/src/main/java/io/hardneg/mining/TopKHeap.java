package io.hardneg.mining;

/**
 * Bounded selection of the best {@code k} bank slots on primitive arrays, no boxing.
 *
 * <p>"Better" is the mining order: higher similarity first, then lower window id (symbol, then
 * endTime), then lower slot, so the order is total and ties resolve exactly. The heap keeps its
 * worst member at the root; {@link #threshold} lets the scan skip most candidates with one float
 * comparison.
 */
final class TopKHeap {

    private final int k;
    private final int[] slots;
    private final float[] sims;
    private int size;
    private MemoryBank bank;

    TopKHeap(int k) {
        this.k = k;
        this.slots = new int[k];
        this.sims = new float[k];
    }

    void reset(MemoryBank bank) {
        this.bank = bank;
        this.size = 0;
    }

    int size() {
        return size;
    }

    /**
     * Candidates with a similarity below this cannot enter; equal ones need {@link #offer}'s full
     * comparison. +Inf when k is 0, -Inf until the heap is full.
     */
    float threshold() {
        if (k == 0) {
            return Float.POSITIVE_INFINITY;
        }
        return size < k ? Float.NEGATIVE_INFINITY : sims[0];
    }

    /** Offers a candidate and returns the new {@link #threshold}. */
    float offer(int slot, float sim) {
        if (size < k) {
            siftUp(size++, slot, sim);
        } else if (k > 0 && better(slot, sim, slots[0], sims[0])) {
            siftDown(0, slot, sim);
        }
        return threshold();
    }

    /**
     * Empties the heap into {@code outSlots[0..size)} and {@code outSims} best first and returns
     * the count. The heap is empty afterwards.
     */
    int drainBestFirst(int[] outSlots, float[] outSims) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            outSlots[i] = slots[0];
            outSims[i] = sims[0];
            int lastSlot = slots[--size];
            float lastSim = sims[size];
            if (size > 0) {
                siftDown(0, lastSlot, lastSim);
            }
        }
        return n;
    }

    /** Whether (slotA, simA) comes before (slotB, simB) in the mining order. */
    boolean better(int slotA, float simA, int slotB, float simB) {
        if (simA != simB) {
            return simA > simB;
        }
        return compareIds(bank, slotA, slotB) < 0;
    }

    /** Compares window ids (symbol, endTime), then slots; ascending. */
    static int compareIds(MemoryBank bank, int slotA, int slotB) {
        int c = bank.symbolAt(slotA).compareTo(bank.symbolAt(slotB));
        if (c != 0) {
            return c;
        }
        c = Long.compare(bank.endTimeAt(slotA), bank.endTimeAt(slotB));
        return c != 0 ? c : Integer.compare(slotA, slotB);
    }

    private void siftUp(int i, int slot, float sim) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(slots[parent], sims[parent], slot, sim)) {
                break;
            }
            slots[i] = slots[parent];
            sims[i] = sims[parent];
            i = parent;
        }
        slots[i] = slot;
        sims[i] = sim;
    }

    private void siftDown(int i, int slot, float sim) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && better(slots[child], sims[child], slots[right], sims[right])) {
                child = right;
            }
            if (!better(slot, sim, slots[child], sims[child])) {
                break;
            }
            slots[i] = slots[child];
            sims[i] = sims[child];
            i = child;
        }
        slots[i] = slot;
        sims[i] = sim;
    }
}
