package io.hardneg.mining;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A ring of the most recent {@code capacity} windows for one bank key.
 *
 * <p>Adding to a full bank overwrites the oldest entry. Embeddings live in blocks of up to {@value
 * #MAX_BLOCK_ROWS} rows, stored column by column (one {@code float[]} per component and block),
 * which is the layout {@link SimilarityKernel} scans. Next to the ring the bank keeps a hash index
 * from (symbol, barIndex) to slot, used to find the positive without a scan, and a per-symbol
 * doubly linked list of slots, used to apply the same-symbol exclusion guard without a scan.
 *
 * <p>If two live entries share (symbol, barIndex), {@link #findSlot} returns the more recently
 * added one.
 *
 * <p>Restore: persist {@link #entry} for every slot below {@link #size} and {@link #totalAdded};
 * then, on a new bank, call {@link #restoreSlot} for each and {@link #restoreTotalAdded} once, in
 * any order. The indexes are rebuilt, oldest entry first, on the next use.
 *
 * <p>Not thread-safe: one bank belongs to one keyed operator instance.
 */
public final class MemoryBank {

    /** Rows per storage block; the last block of a small bank is shorter. */
    static final int MAX_BLOCK_ROWS = 256;

    private static final int NONE = -1;

    private final int capacity;
    private final int dim;
    private final int blockRows;
    private final int paddedCapacity;

    /**
     * Component d of slot s is {@code columns[(s / blockRows) * dim + d][s % blockRows]}: block b
     * holds slots [b * blockRows, (b + 1) * blockRows).
     */
    private final float[][] columns;

    private final String[] symbols;
    private final int[] symbolIds;
    private final long[] endTimes;
    private final long[] barIndexes;
    private final String[] modelVersions;

    /** Per-symbol doubly linked list of slots. */
    private final int[] nextSameSymbol;

    private final int[] prevSameSymbol;

    private final Map<String, SymbolSlots> symbolsByName = new HashMap<>();
    private SymbolSlots[] symbolsById = new SymbolSlots[8];
    private final ArrayDeque<Integer> freeSymbolIds = new ArrayDeque<>();
    private int nextSymbolId;

    /** Open addressing, linear probing on (symbolId, barIndex); values are slot + 1, 0 = empty. */
    private final int[] table;

    private final int tableMask;

    private int size;
    private int cursor;
    private long totalAdded;
    private boolean indexStale;

    public MemoryBank(int capacity, int dim) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "capacity must be >= 1, got " + capacity + "; set a positive bank capacity");
        }
        if (dim < 1) {
            throw new IllegalArgumentException(
                    "dim must be >= 1, got " + dim + "; use the encoder's embedding size");
        }
        if (capacity > (1 << 28)) {
            throw new IllegalArgumentException(
                    "capacity must be <= " + (1 << 28) + ", got " + capacity);
        }
        this.capacity = capacity;
        this.dim = dim;
        this.blockRows = Math.min(MAX_BLOCK_ROWS, roundUp(capacity, 8));
        this.paddedCapacity = roundUp(capacity, blockRows);
        if ((long) paddedCapacity / blockRows * dim > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "capacity x dim = " + capacity + " x " + dim + " is too large for one bank");
        }
        this.columns = new float[paddedCapacity / blockRows * dim][blockRows];
        this.symbols = new String[capacity];
        this.symbolIds = new int[capacity];
        this.endTimes = new long[capacity];
        this.barIndexes = new long[capacity];
        this.modelVersions = new String[capacity];
        this.nextSameSymbol = new int[capacity];
        this.prevSameSymbol = new int[capacity];
        int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.table = new int[tableSize];
        this.tableMask = tableSize - 1;
    }

    public int capacity() {
        return capacity;
    }

    public int dim() {
        return dim;
    }

    /** Number of live entries: {@code min(totalAdded, capacity)}. */
    public int size() {
        return size;
    }

    /** Entries added since the bank was created (or the restored value), evicted ones included. */
    public long totalAdded() {
        return totalAdded;
    }

    /** The slot the next {@link #add} will write (the oldest entry once the bank is full). */
    public int nextSlot() {
        return cursor;
    }

    /**
     * Adds an entry, evicting the oldest when the bank is full, and returns the slot written. The
     * embedding is copied into the bank's storage.
     *
     * @throws IllegalArgumentException if the embedding has the wrong dimension, a non-finite
     *     component, or a norm further than 1e-3 from 1
     */
    public int add(BankEntry e) {
        Embeddings.checkUnit(e.embedding(), dim, "BankEntry");
        ensureIndexed();
        int slot = cursor;
        if (size == capacity) {
            unregister(slot);
        }
        write(slot, e);
        register(slot);
        cursor = slot + 1 == capacity ? 0 : slot + 1;
        if (size < capacity) {
            size++;
        }
        totalAdded++;
        return slot;
    }

    /** Materialises the entry in {@code slot} with a copy of its embedding. */
    public BankEntry entry(int slot) {
        checkLive(slot);
        float[] embedding = new float[dim];
        copyEmbedding(slot, embedding);
        return new BankEntry(
                symbols[slot], endTimes[slot], barIndexes[slot], embedding, modelVersions[slot]);
    }

    /** The slot holding (symbol, barIndex), the most recent one if several do; -1 if absent. */
    public int findSlot(String symbol, long barIndex) {
        ensureIndexed();
        SymbolSlots s = symbolsByName.get(symbol);
        return s == null ? NONE : lookup(s.id, barIndex);
    }

    /**
     * Restore support: writes {@code e} into {@code slot} without touching the ring cursor. Call it
     * for every slot below the restored size, and {@link #restoreTotalAdded} once, in any order.
     */
    public void restoreSlot(int slot, BankEntry e) {
        if (slot < 0 || slot >= capacity) {
            throw new IndexOutOfBoundsException(
                    "slot " + slot + " outside [0, " + capacity + ") of this bank");
        }
        Embeddings.checkUnit(e.embedding(), dim, "Restored");
        write(slot, e);
        indexStale = true;
    }

    /**
     * Restore support: sets {@code totalAdded}, the ring cursor to {@code totalAdded % capacity}
     * and the size to {@code min(totalAdded, capacity)}.
     */
    public void restoreTotalAdded(long totalAdded) {
        if (totalAdded < 0) {
            throw new IllegalArgumentException("totalAdded must be >= 0, got " + totalAdded);
        }
        this.totalAdded = totalAdded;
        this.cursor = (int) (totalAdded % capacity);
        this.size = (int) Math.min(totalAdded, capacity);
        indexStale = true;
    }

    // ---- package-private access for NegativeMiner -------------------------------------------

    int paddedCapacity() {
        return paddedCapacity;
    }

    int blockRows() {
        return blockRows;
    }

    /**
     * Writes {@code dot(q, embedding)} for the rows of block {@code block} (slots {@code [block *
     * blockRows, (block + 1) * blockRows)}) into {@code acc[0, blockRows)} and returns whether any
     * is {@code >= cutoff}; rows at or above the size get meaningless values (and may answer the
     * test).
     */
    boolean blockSimilarities(int block, float[] q, float[] acc, float cutoff) {
        return Kernels.block(columns, block * dim, dim, q, acc, cutoff);
    }

    /**
     * {@link #blockSimilarities} for the four queries {@code q[0..3]}, bit-identical to four
     * separate calls; bit k of the result answers query k's cutoff test.
     */
    int blockSimilarities4(int block, float[][] q, float[][] out, float[] cutoffs) {
        return Kernels.block4(columns, block * dim, dim, q, out, cutoffs);
    }

    void copyEmbedding(int slot, float[] dst) {
        int base = (slot / blockRows) * dim;
        int row = slot % blockRows;
        for (int d = 0; d < dim; d++) {
            dst[d] = columns[base + d][row];
        }
    }

    String symbolAt(int slot) {
        return symbols[slot];
    }

    long endTimeAt(int slot) {
        return endTimes[slot];
    }

    long barIndexAt(int slot) {
        return barIndexes[slot];
    }

    /** First slot of {@code symbol}'s list, or -1; walk on with {@link #nextSameSymbol}. */
    int firstSlotOf(String symbol) {
        ensureIndexed();
        SymbolSlots s = symbolsByName.get(symbol);
        return s == null ? NONE : s.head;
    }

    int nextSameSymbol(int slot) {
        return nextSameSymbol[slot];
    }

    // ---- storage ----------------------------------------------------------------------------

    private void write(int slot, BankEntry e) {
        float[] v = e.embedding();
        int base = (slot / blockRows) * dim;
        int row = slot % blockRows;
        for (int d = 0; d < dim; d++) {
            columns[base + d][row] = v[d];
        }
        symbols[slot] = e.symbol();
        endTimes[slot] = e.endTime();
        barIndexes[slot] = e.barIndex();
        modelVersions[slot] = e.modelVersion();
    }

    private void checkLive(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException(
                    "slot " + slot + " is not live; the bank holds slots [0, " + size + ")");
        }
    }

    // ---- indexes ----------------------------------------------------------------------------

    private void ensureIndexed() {
        if (indexStale) {
            rebuildIndexes();
        }
    }

    /** Re-registers every live slot, oldest first, so the newest duplicate wins the hash index. */
    private void rebuildIndexes() {
        java.util.Arrays.fill(table, 0);
        symbolsByName.clear();
        java.util.Arrays.fill(symbolsById, null);
        freeSymbolIds.clear();
        nextSymbolId = 0;
        int oldest = size < capacity ? 0 : cursor;
        for (int i = 0; i < size; i++) {
            int slot = (oldest + i) % capacity;
            if (symbols[slot] == null) {
                throw new IllegalStateException(
                        "slot "
                                + slot
                                + " was never restored but lies below the restored size "
                                + size
                                + "; restore every persisted slot before using the bank");
            }
            register(slot);
        }
        indexStale = false;
    }

    private void register(int slot) {
        SymbolSlots s = symbolsByName.get(symbols[slot]);
        if (s == null) {
            s = newSymbol(symbols[slot]);
        }
        symbolIds[slot] = s.id;
        prevSameSymbol[slot] = NONE;
        nextSameSymbol[slot] = s.head;
        if (s.head != NONE) {
            prevSameSymbol[s.head] = slot;
        }
        s.head = slot;
        s.count++;
        insert(slot);
    }

    private void unregister(int slot) {
        SymbolSlots s = symbolsById[symbolIds[slot]];
        int prev = prevSameSymbol[slot];
        int next = nextSameSymbol[slot];
        if (prev == NONE) {
            s.head = next;
        } else {
            nextSameSymbol[prev] = next;
        }
        if (next != NONE) {
            prevSameSymbol[next] = prev;
        }
        int pos = position(s.id, barIndexes[slot]);
        if (table[pos] == slot + 1) {
            delete(pos);
        }
        if (--s.count == 0) {
            symbolsByName.remove(s.name);
            symbolsById[s.id] = null;
            freeSymbolIds.push(s.id);
        }
    }

    private SymbolSlots newSymbol(String name) {
        int id = freeSymbolIds.isEmpty() ? nextSymbolId++ : freeSymbolIds.pop();
        if (id >= symbolsById.length) {
            symbolsById = java.util.Arrays.copyOf(symbolsById, symbolsById.length * 2);
        }
        SymbolSlots s = new SymbolSlots(name, id);
        symbolsByName.put(name, s);
        symbolsById[id] = s;
        return s;
    }

    private int home(int symbolId, long barIndex) {
        long x = barIndex * 0x9E3779B97F4A7C15L + symbolId;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) x & tableMask;
    }

    /** Position of the key in the table, or of the empty cell that ends its probe sequence. */
    private int position(int symbolId, long barIndex) {
        int i = home(symbolId, barIndex);
        while (true) {
            int v = table[i];
            if (v == 0 || (symbolIds[v - 1] == symbolId && barIndexes[v - 1] == barIndex)) {
                return i;
            }
            i = (i + 1) & tableMask;
        }
    }

    private int lookup(int symbolId, long barIndex) {
        return table[position(symbolId, barIndex)] - 1;
    }

    /** Indexes {@code slot}, replacing an older slot with the same key. */
    private void insert(int slot) {
        table[position(symbolIds[slot], barIndexes[slot])] = slot + 1;
    }

    /** Backward-shift deletion for linear probing: no tombstones. */
    private void delete(int pos) {
        int hole = pos;
        int j = pos;
        table[hole] = 0;
        while (true) {
            j = (j + 1) & tableMask;
            int v = table[j];
            if (v == 0) {
                return;
            }
            int h = home(symbolIds[v - 1], barIndexes[v - 1]);
            boolean reachableWithoutHole = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!reachableWithoutHole) {
                table[hole] = v;
                table[j] = 0;
                hole = j;
            }
        }
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static final class SymbolSlots {
        final String name;
        final int id;
        int head = NONE;
        int count;

        SymbolSlots(String name, int id) {
            this.name = name;
            this.id = id;
        }
    }
}
