package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** The miner against {@link BruteForceOracle} on random streams, every step compared. */
class NegativeMinerPropertyTest {

    @Property(tries = 150)
    void minerMatchesBruteForceOracleAtEveryStep(
            @ForAll @IntRange(min = 1, max = 300) int capacity,
            @ForAll @IntRange(min = 1, max = 16) int dim,
            @ForAll @IntRange(min = 0, max = 700) int steps,
            @ForAll long seed,
            @ForAll("params") MiningParams params) {
        boolean[] seen = runAgainstOracle(capacity, dim, steps, seed, params);
        for (Feature f : Feature.values()) {
            Statistics.label(f.name()).collect(seen[f.ordinal()]);
        }
        Statistics.label(Feature.SEMI_HARD_NEGATIVE.name())
                .coverage(c -> c.check(true).percentage(pct -> pct >= 10));
        Statistics.label(Feature.WRAPPED_AROUND.name())
                .coverage(c -> c.check(true).percentage(pct -> pct >= 10));
        Statistics.label(Feature.EXCLUSION_HIT.name())
                .coverage(c -> c.check(true).percentage(pct -> pct >= 10));
        Statistics.label(Feature.MAX_SIMILARITY_HIT.name())
                .coverage(c -> c.check(true).percentage(pct -> pct >= 10));
        Statistics.label(Feature.ALL_GUARDED.name())
                .coverage(c -> c.check(true).percentage(pct -> pct >= 5));
        Statistics.label(Feature.BANK_SMALLER_THAN_K.name())
                .coverage(c -> c.check(true).percentage(pct -> pct >= 5));
        for (Feature f :
                List.of(
                        Feature.RANK_SKIP_HIT,
                        Feature.SYMBOL_GROUP_HIT,
                        Feature.RANDOM_NEGATIVE,
                        Feature.SYNTHETIC_NEGATIVE,
                        Feature.WEIGHTED_LOSS)) {
            Statistics.label(f.name()).coverage(c -> c.check(true).percentage(pct -> pct >= 10));
        }
    }

    /**
     * Banks of 300 to 3,000 rows (2 to 12 blocks of 256): the scan skips the selection of a block
     * whose largest similarity cannot enter a heap or the semi-hard band, which a one-block bank
     * never reaches with the hard heap full.
     */
    @Property(tries = 25)
    void minerMatchesBruteForceOracleOnMultiBlockBanks(
            @ForAll @IntRange(min = 300, max = 3000) int capacity,
            @ForAll @IntRange(min = 1, max = 8) int dim,
            @ForAll @IntRange(min = 300, max = 2500) int steps,
            @ForAll long seed,
            @ForAll("params") MiningParams params) {
        runAgainstOracle(capacity, dim, steps, seed, params);
    }

    /** Mines every step of a random stream, compares it with the oracle, and adds it. */
    private static boolean[] runAgainstOracle(
            int capacity, int dim, int steps, long seed, MiningParams params) {
        MemoryBank bank = new MemoryBank(capacity, dim);
        BruteForceOracle oracle = new BruteForceOracle(capacity);
        NegativeMiner miner = new NegativeMiner(params, dim);
        WindowStream stream = new WindowStream(seed, dim);
        boolean[] seen = new boolean[Feature.values().length];
        for (int i = 0; i < steps; i++) {
            WindowStream.Step step = stream.next();
            BankEntry w = step.window();
            MiningResult actual =
                    miner.mine(bank, w.symbol(), w.endTime(), w.barIndex(), w.embedding());
            MiningAssertions.assertMatches(
                    actual,
                    oracle.mine(params, w.symbol(), w.endTime(), w.barIndex(), w.embedding()));
            MiningAssertions.assertSlotsHoldEntries(actual, bank, null);
            record(seen, actual, bank, params);
            if (!step.replay()) {
                int expectedSlot = (int) (bank.totalAdded() % capacity);
                assertThat(bank.nextSlot()).isEqualTo(expectedSlot);
                assertThat(bank.add(w)).isEqualTo(expectedSlot);
                oracle.add(w);
            }
        }
        assertThat(bank.size()).isEqualTo(oracle.size());
        return seen;
    }

    /** Situations the property must reach often enough to mean something. */
    private enum Feature {
        EMPTY_BANK,
        POSITIVE,
        SEMI_HARD_NEGATIVE,
        EXCLUSION_HIT,
        MAX_SIMILARITY_HIT,
        ALL_GUARDED,
        BANK_SMALLER_THAN_K,
        WRAPPED_AROUND,
        TIED_SIMILARITIES,
        RANK_SKIP_HIT,
        SYMBOL_GROUP_HIT,
        RANDOM_NEGATIVE,
        SYNTHETIC_NEGATIVE,
        WEIGHTED_LOSS
    }

    private static void record(
            boolean[] seen, MiningResult r, MemoryBank bank, MiningParams params) {
        seen[Feature.EMPTY_BANK.ordinal()] |= r.bankSize() == 0;
        seen[Feature.POSITIVE.ordinal()] |= r.hasPositive();
        seen[Feature.SEMI_HARD_NEGATIVE.ordinal()] |=
                r.negatives().stream().anyMatch(n -> n.kind() == Negative.Kind.SEMI_HARD);
        seen[Feature.EXCLUSION_HIT.ordinal()] |= r.exclusionHits() > 0;
        seen[Feature.MAX_SIMILARITY_HIT.ordinal()] |= r.maxSimilarityHits() > 0;
        seen[Feature.ALL_GUARDED.ordinal()] |= r.bankSize() > 0 && r.eligibleCount() == 0;
        seen[Feature.BANK_SMALLER_THAN_K.ordinal()] |=
                r.bankSize() > 0 && r.bankSize() < params.topK();
        seen[Feature.WRAPPED_AROUND.ordinal()] |= bank.totalAdded() > bank.capacity();
        seen[Feature.RANK_SKIP_HIT.ordinal()] |= r.rankSkipHits() > 0;
        seen[Feature.SYMBOL_GROUP_HIT.ordinal()] |= r.symbolGroupHits() > 0;
        seen[Feature.RANDOM_NEGATIVE.ordinal()] |=
                r.negatives().stream().anyMatch(n -> n.kind() == Negative.Kind.RANDOM);
        seen[Feature.SYNTHETIC_NEGATIVE.ordinal()] |=
                r.negatives().stream().anyMatch(n -> n.kind() == Negative.Kind.SYNTHETIC);
        seen[Feature.WEIGHTED_LOSS.ordinal()] |= !Double.isNaN(r.weightedLoss());
        for (int i = 1; i < r.negatives().size(); i++) {
            seen[Feature.TIED_SIMILARITIES.ordinal()] |=
                    r.negatives().get(i).similarity() == r.negatives().get(i - 1).similarity();
        }
    }

    @Property(tries = 60)
    void restoredBankMinesExactlyLikeTheOriginal(
            @ForAll @IntRange(min = 1, max = 200) int capacity,
            @ForAll @IntRange(min = 1, max = 8) int dim,
            @ForAll @IntRange(min = 0, max = 500) int before,
            @ForAll @IntRange(min = 1, max = 100) int after,
            @ForAll long seed,
            @ForAll("params") MiningParams params) {
        MemoryBank original = new MemoryBank(capacity, dim);
        WindowStream stream = new WindowStream(seed, dim);
        for (int i = 0; i < before; i++) {
            WindowStream.Step step = stream.next();
            if (!step.replay()) {
                original.add(step.window());
            }
        }
        // Persist every live slot and totalAdded, then restore them in a shuffled order.
        List<Integer> order = new ArrayList<>();
        List<BankEntry> persisted = new ArrayList<>();
        for (int slot = 0; slot < original.size(); slot++) {
            order.add(slot);
            persisted.add(original.entry(slot));
        }
        Collections.shuffle(order, new Random(seed));
        MemoryBank restored = new MemoryBank(capacity, dim);
        boolean totalFirst = (seed & 1) == 0;
        if (totalFirst) {
            restored.restoreTotalAdded(original.totalAdded());
        }
        for (int slot : order) {
            restored.restoreSlot(slot, persisted.get(slot));
        }
        if (!totalFirst) {
            restored.restoreTotalAdded(original.totalAdded());
        }
        assertThat(restored.size()).isEqualTo(original.size());
        assertThat(restored.nextSlot()).isEqualTo(original.nextSlot());

        NegativeMiner miner = new NegativeMiner(params, dim);
        for (int i = 0; i < after; i++) {
            WindowStream.Step step = stream.next();
            BankEntry w = step.window();
            MiningResult expected =
                    miner.mine(original, w.symbol(), w.endTime(), w.barIndex(), w.embedding());
            MiningResult actual =
                    miner.mine(restored, w.symbol(), w.endTime(), w.barIndex(), w.embedding());
            MiningAssertions.assertSame(actual, expected);
            if (!step.replay()) {
                assertThat(restored.add(w)).isEqualTo(original.add(w));
            }
        }
        assertThat(restored.totalAdded()).isEqualTo(original.totalAdded());
    }

    @Property(tries = 200)
    void findSlotAgreesWithAScanAfterEvictions(
            @ForAll @IntRange(min = 1, max = 64) int capacity,
            @ForAll @IntRange(min = 0, max = 400) int adds,
            @ForAll long seed) {
        MemoryBank bank = new MemoryBank(capacity, 2);
        WindowStream stream = new WindowStream(seed, 2);
        List<BankEntry> added = new ArrayList<>();
        for (int i = 0; i < adds; i++) {
            BankEntry w = stream.next().window();
            bank.add(w);
            added.add(w);
        }
        List<BankEntry> live = added.subList(Math.max(0, added.size() - capacity), added.size());
        for (String symbol : WindowStream.SYMBOLS) {
            for (long bar = -1; bar < adds + 2; bar++) {
                int slot = bank.findSlot(symbol, bar);
                BankEntry newest = null;
                for (BankEntry e : live) {
                    if (e.symbol().equals(symbol) && e.barIndex() == bar) {
                        newest = e;
                    }
                }
                if (newest == null) {
                    assertThat(slot).isEqualTo(-1);
                } else {
                    assertThat(bank.entry(slot)).isEqualTo(newest);
                }
            }
        }
    }

    @Property(tries = 60)
    void mineBatchIsIdenticalToMiningOneByOne(
            @ForAll @IntRange(min = 1, max = 700) int capacity,
            @ForAll @IntRange(min = 1, max = 8) int dim,
            @ForAll @IntRange(min = 0, max = 900) int steps,
            @ForAll @IntRange(min = 1, max = 40) int maxBatch,
            @ForAll long seed,
            @ForAll("params") MiningParams params) {
        MemoryBank bank = new MemoryBank(capacity, dim);
        NegativeMiner batchMiner = new NegativeMiner(params, dim);
        NegativeMiner singleMiner = new NegativeMiner(params, dim);
        WindowStream stream = new WindowStream(seed, dim);
        Random sizes = new Random(seed);
        int done = 0;
        while (done < steps) {
            int size = Math.min(steps - done, 1 + sizes.nextInt(maxBatch));
            List<WindowStream.Step> batch = new ArrayList<>();
            List<Anchor> anchors = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                WindowStream.Step step = stream.next();
                BankEntry w = step.window();
                batch.add(step);
                anchors.add(
                        new Anchor(
                                w.symbol(),
                                w.endTime(),
                                w.barIndex(),
                                w.embedding(),
                                bank.totalAdded() + i));
            }
            MiningResult[] results = batchMiner.mineBatch(bank, anchors);
            assertThat(results).hasSize(size);
            for (int i = 0; i < size; i++) {
                Anchor a = anchors.get(i);
                MiningAssertions.assertSame(
                        results[i],
                        singleMiner.mine(
                                bank,
                                a.symbol(),
                                a.endTime(),
                                a.barIndex(),
                                a.unitEmbedding(),
                                a.anchorOrdinal()));
            }
            for (WindowStream.Step step : batch) {
                if (!step.replay()) {
                    bank.add(step.window());
                }
            }
            done += size;
        }
    }

    @Property(tries = 60)
    void miningAGroupOneByOneWithItsSimilaritiesComputedFirstIsIdenticalToMining(
            @ForAll @IntRange(min = 1, max = 700) int capacity,
            @ForAll @IntRange(min = 1, max = 8) int dim,
            @ForAll @IntRange(min = 0, max = 900) int steps,
            @ForAll @IntRange(min = 1, max = 40) int maxGroup,
            @ForAll long seed,
            @ForAll("params") MiningParams params) {
        MemoryBank bank = new MemoryBank(capacity, dim);
        NegativeMiner groupMiner = new NegativeMiner(params, dim);
        NegativeMiner singleMiner = new NegativeMiner(params, dim);
        WindowStream stream = new WindowStream(seed, dim);
        Random sizes = new Random(seed);
        int done = 0;
        while (done < steps) {
            int size = Math.min(steps - done, 1 + sizes.nextInt(maxGroup));
            List<WindowStream.Step> group = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                group.add(stream.next());
            }
            groupMiner.beginGroup(bank, group.stream().map(g -> g.window().embedding()).toList());
            for (int i = 0; i < size; i++) {
                BankEntry w = group.get(i).window();
                // Every third anchor brings its own positive (an augmented view): the anchor's
                // neighbour in the group, or itself.
                BankEntry positive = i % 3 == 2 ? group.get(Math.max(0, i - 1)).window() : null;
                MiningResult expected =
                        positive == null
                                ? singleMiner.mine(
                                        bank,
                                        w.symbol(),
                                        w.endTime(),
                                        w.barIndex(),
                                        w.embedding(),
                                        bank.totalAdded())
                                : singleMiner.mine(
                                        bank,
                                        w.symbol(),
                                        w.endTime(),
                                        w.barIndex(),
                                        w.embedding(),
                                        bank.totalAdded(),
                                        positive);
                MiningResult grouped =
                        groupMiner.mineInGroup(
                                i,
                                bank,
                                w.symbol(),
                                w.endTime(),
                                w.barIndex(),
                                w.embedding(),
                                bank.totalAdded(),
                                positive);
                MiningAssertions.assertSame(grouped, expected);
                MiningAssertions.assertSlotsHoldEntries(grouped, bank, positive);
                if (!group.get(i).replay()) {
                    bank.add(w);
                }
            }
            done += size;
        }
    }

    @Provide
    Arbitrary<MiningParams> params() {
        Arbitrary<MiningParams> base =
                net.jqwik.api.Combinators.combine(
                                Arbitraries.integers().between(0, 12),
                                Arbitraries.integers().between(0, 5),
                                Arbitraries.of(0.05f, 0.2f, 0.5f, 2f),
                                Arbitraries.of(0.05f, 0.1f, 1f),
                                Arbitraries.integers().between(0, 4),
                                Arbitraries.longs().between(1, 3),
                                Arbitraries.of(1f, 1f, 0.9f, 0.5f, 0f, -0.5f, -0.99f))
                        .as(MiningParams::new);
        List<List<Set<String>>> groups =
                List.of(
                        List.of(),
                        List.of(),
                        List.of(Set.of("AAPL", "AB")),
                        List.of(Set.of("AB", "B"), Set.of("AAPL", "AB")),
                        List.of(Set.of("AAPL", "AB", "B")),
                        List.of(Set.of("B", "ZZ")));
        return net.jqwik.api.Combinators.combine(
                        base,
                        Arbitraries.of(0, 0, 1, 3, 20),
                        Arbitraries.of(groups),
                        Arbitraries.of(0, 0, 1, 4, 50),
                        Arbitraries.longs(),
                        Arbitraries.of(0L, 0L, 7L, 200L),
                        Arbitraries.of(0f, 0f, 0.5f, 5f),
                        Arbitraries.of(0, 0, 1, 5))
                .as(
                        (p, skip, g, random, seed, curriculum, beta, synthetic) ->
                                p.toBuilder()
                                        .rankSkip(skip)
                                        .symbolGroups(g)
                                        .randomCount(random)
                                        .randomSeed(seed)
                                        .curriculumAnchors(curriculum)
                                        .importanceBeta(beta)
                                        .syntheticCount(synthetic)
                                        .build());
    }
}
