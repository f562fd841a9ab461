package io.hardneg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} items from a stream of unknown length (Vitter's
 * algorithm R). The same seed and the same stream give the same sample.
 */
final class Reservoir<T> {
    private final int capacity;
    private final SplittableRandom random;
    private final List<T> items = new ArrayList<>();
    private long seen;

    Reservoir(int capacity, long seed) {
        if (capacity < 0) {
            throw new IllegalArgumentException(
                    "reservoir capacity " + capacity + " is negative; expected 0 or more");
        }
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
    }

    void offer(T item) {
        int slot = nextSlot();
        if (slot >= 0) {
            put(slot, item);
        }
    }

    /**
     * Counts one more item of the stream and says where it goes: a slot index, or -1 when it is not
     * kept. Lets a caller build an expensive item only when it will be kept.
     */
    int nextSlot() {
        seen++;
        if (items.size() < capacity) {
            return items.size();
        }
        if (capacity == 0) {
            return -1;
        }
        long slot = random.nextLong(seen);
        return slot < capacity ? (int) slot : -1;
    }

    void put(int slot, T item) {
        if (slot == items.size()) {
            items.add(item);
        } else {
            items.set(slot, item);
        }
    }

    /** The sample, in the order the items were kept. */
    List<T> items() {
        return List.copyOf(items);
    }

    long seen() {
        return seen;
    }
}
