package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases for rank skip, symbol groups, random negatives, the curriculum, importance
 * weights, synthetic negatives and batches, on the 2-D bank of {@link NegativeMinerTest}.
 *
 * <pre>
 *   slot 0  X bar 9  (0.8, 0.6)  s = 0.8   positive (lag 1)
 *   slot 1  X bar 8  (1, 0)      s = 1.0   excluded: |10 - 8| = 2 < radius 3
 *   slot 2  Y bar 5  (0.6, 0.8)  s = 0.6
 *   slot 3  Y bar 6  (0, 1)      s = 0.0
 *   slot 4  Z bar 1  (-1, 0)     s = -1.0
 * </pre>
 *
 * Anchor X bar 10, a = (1, 0); eligible order Y5, Y6, Z1.
 */
class MiningExtensionsTest {

    private static final float[] ANCHOR = {1f, 0f};

    private static MemoryBank handBank() {
        MemoryBank bank = new MemoryBank(8, 2);
        bank.add(entry("X", 9, 0.8f, 0.6f));
        bank.add(entry("X", 8, 1f, 0f));
        bank.add(entry("Y", 5, 0.6f, 0.8f));
        bank.add(entry("Y", 6, 0f, 1f));
        bank.add(entry("Z", 1, -1f, 0f));
        return bank;
    }

    private static BankEntry entry(String symbol, long bar, float x, float y) {
        return new BankEntry(symbol, 1_000L * bar, bar, new float[] {x, y}, "v1");
    }

    /** margin 0.9 (band (-0.1, 0.8)), tau 0.5, radius 3, lag 1, no max-similarity guard. */
    private static MiningParams.Builder base(int topK, int semiHard) {
        return MiningParams.builder()
                .topK(topK)
                .semiHardCount(semiHard)
                .semiHardMargin(0.9f)
                .temperature(0.5f)
                .exclusionRadius(3)
                .positiveLag(1);
    }

    private static MiningResult mine(MiningParams p, long ordinal) {
        return new NegativeMiner(p, 2).mine(handBank(), "X", 10_000L, 10, ANCHOR, ordinal);
    }

    @Test
    void rankSkipDropsTheHardestEligibleEntries() {
        MiningResult r = mine(base(1, 1).rankSkip(1).build(), 0);

        // Y5 (0.6) skipped; hard Y6 (0.0); the band (-0.1, 0.8) holds Y5 (skipped) and Y6 (hard).
        assertThat(r.negatives())
                .extracting(Negative::barIndex, Negative::kind)
                .containsExactly(tuple(6L, Negative.Kind.HARD));
        assertThat(r.rankSkipHits()).isEqualTo(1);
        assertThat(r.eligibleCount()).isEqualTo(2);
        assertThat(r.semiHardAvailable()).isTrue();
        // 5 = eligible 2 + exclusion 1 + rank skip 1 + positive 1.
        assertThat(r.bankSize()).isEqualTo(5);
    }

    @Test
    void rankSkipBeyondTheEligibleCountLeavesNothing() {
        MiningResult r = mine(base(3, 3).rankSkip(5).build(), 0);

        assertThat(r.negatives()).isEmpty();
        assertThat(r.rankSkipHits()).isEqualTo(3);
        assertThat(r.eligibleCount()).isZero();
        assertThat(r.semiHardAvailable()).isFalse();
    }

    @Test
    void symbolGroupMembersAreNeverNegativesOfEachOther() {
        MiningParams p = base(3, 0).symbolGroups(List.of(Set.of("X", "Y"))).build();
        MiningResult r = mine(p, 0);

        assertThat(r.negatives()).extracting(Negative::symbol).containsExactly("Z");
        assertThat(r.symbolGroupHits()).isEqualTo(2);
        // X8 is the anchor's own symbol: the exclusion radius, not the group, counts it.
        assertThat(r.exclusionHits()).isEqualTo(1);
        assertThat(r.eligibleCount()).isEqualTo(1);

        // From Y's side (bar 99, far from Y5 and Y6) X8 and X9 are grouped, Y's own are not.
        MiningResult y = new NegativeMiner(p, 2).mine(handBank(), "Y", 99_000L, 99, ANCHOR, 0);
        assertThat(y.symbolGroupHits()).isEqualTo(2);
        assertThat(y.negatives()).extracting(Negative::symbol).containsExactly("Y", "Y", "Z");
    }

    @Test
    void randomNegativesComeFromThePoolAfterTheHardOnesSortedAmongThemselves() {
        MiningResult r = mine(base(1, 0).randomCount(5).build(), 0);

        // Hard Y5; the pool is Y6, Z1 and both are drawn, listed best first.
        assertThat(r.negatives())
                .extracting(Negative::barIndex, Negative::kind)
                .containsExactly(
                        tuple(5L, Negative.Kind.HARD),
                        tuple(6L, Negative.Kind.RANDOM),
                        tuple(1L, Negative.Kind.RANDOM));
        assertThat(r.weights()).hasSize(4);
    }

    @Test
    void oneRandomNegativeFollowsTheDocumentedSeeding() {
        for (long seed = 0; seed < 20; seed++) {
            MiningResult r = mine(base(1, 0).randomCount(1).randomSeed(seed).build(), 0);

            // Pool in slot order: Y6 (slot 3), Z1 (slot 4). Floyd with m = 2, r = 1 draws
            // nextInt(2) once from SplittableRandom(anchorSeed(seed, "X", 10000)).
            int t = new SplittableRandom(AnchorRandom.anchorSeed(seed, "X", 10_000L)).nextInt(2);
            assertThat(r.negatives().get(1).barIndex()).isEqualTo(t == 0 ? 6L : 1L);
            assertThat(r.negatives().get(1).kind()).isEqualTo(Negative.Kind.RANDOM);
        }
    }

    @Test
    void anchorSeedIsMurmurFinalisedSymbolHashAndEndTime() {
        assertThat(AnchorRandom.anchorSeed(7L, "X", 10_000L))
                .isEqualTo(BruteForceOracle.seed(7L, "X", 10_000L));
        assertThat(AnchorRandom.anchorSeed(7L, "X", 10_000L))
                .isNotEqualTo(AnchorRandom.anchorSeed(8L, "X", 10_000L))
                .isNotEqualTo(AnchorRandom.anchorSeed(7L, "X", 10_001L))
                .isNotEqualTo(AnchorRandom.anchorSeed(7L, "Y", 10_000L));
    }

    @Test
    void curriculumRampsHardUpAndRandomDown() {
        // topK 2, random 0, N = 2: ordinal 0 -> 0 hard + 2 random, 1 -> 1 + 1, 2 -> 2 + 0.
        MiningParams p = base(2, 0).curriculumAnchors(2).build();
        assertThat(kinds(mine(p, 0))).containsExactly(Negative.Kind.RANDOM, Negative.Kind.RANDOM);
        assertThat(kinds(mine(p, 1))).containsExactly(Negative.Kind.HARD, Negative.Kind.RANDOM);
        assertThat(mine(p, 1).negatives().get(0).barIndex()).isEqualTo(5L);
        assertThat(kinds(mine(p, 2))).containsExactly(Negative.Kind.HARD, Negative.Kind.HARD);
        assertThat(kinds(mine(p, 1_000))).containsExactly(Negative.Kind.HARD, Negative.Kind.HARD);

        // The 5-argument mine uses bank.totalAdded() = 5: with N = 10, hard = floor(2 * 5 / 10).
        MiningParams ten = base(2, 0).curriculumAnchors(10).build();
        MiningResult r = new NegativeMiner(ten, 2).mine(handBank(), "X", 10_000L, 10, ANCHOR);
        assertThat(kinds(r)).containsExactly(Negative.Kind.HARD, Negative.Kind.RANDOM);
    }

    @Test
    void curriculumTargetsFollowTheFormula() {
        MiningParams p = base(4, 0).randomCount(6).curriculumAnchors(8).build();
        // R0 = max(4, 6) = 6: hard floor(4 o / 8), random 6 - floor(0 * o / 8) = 6.
        assertThat(AnchorSearch.Targets.of(p, 0)).isEqualTo(new AnchorSearch.Targets(0, 6));
        assertThat(AnchorSearch.Targets.of(p, 3)).isEqualTo(new AnchorSearch.Targets(1, 6));
        assertThat(AnchorSearch.Targets.of(p, 8)).isEqualTo(new AnchorSearch.Targets(4, 6));
        MiningParams q = base(10, 2).randomCount(2).curriculumAnchors(4).build();
        // R0 = 10: random 10 - floor(8 o / 4).
        assertThat(AnchorSearch.Targets.of(q, 1)).isEqualTo(new AnchorSearch.Targets(2, 8));
        assertThat(AnchorSearch.Targets.of(q, 3)).isEqualTo(new AnchorSearch.Targets(7, 4));
        assertThat(AnchorSearch.Targets.of(q, 4)).isEqualTo(new AnchorSearch.Targets(10, 2));
    }

    @Test
    void importanceWeightsAndWeightedLossByHand() {
        MiningResult r = mine(base(1, 1).importanceBeta(1f).build(), 0);

        // Negatives Y5 (0.6) hard and Y6 (0.0) semi-hard. beta 1, m 2:
        // w = 2 * (e^0.6, e^0) / (e^0.6 + 1) = (1.2913126, 0.7086874).
        assertThat(r.importanceWeights())
                .containsExactly(
                        new double[] {1.2913126124515908, 0.7086873875484091}, within(1e-6));
        // z = (1.6, 1.2, 0); weighted loss = -1.6 + log(e^1.6 + 1.2913126 e^1.2 + 0.7086874).
        assertThat(r.weightedLoss()).isCloseTo(0.6974749252079748, within(1e-6));
        // The plain loss is unchanged (NegativeMinerTest: 0.627123).
        assertThat(r.loss()).isCloseTo(0.627123057, within(1e-6));
    }

    @Test
    void importanceOffGivesUnitWeightsAndNoWeightedLoss() {
        MiningResult r = mine(base(1, 1).build(), 0);

        assertThat(r.importanceWeights()).containsExactly(1.0, 1.0);
        assertThat(r.weightedLoss()).isNaN();
        assertThat(InfoNce.weightedLoss(new double[] {1.6, 1.2, 0.0}, new double[] {1, 1}))
                .isCloseTo(r.loss(), within(1e-7)); // z from float similarities
    }

    @Test
    void syntheticNegativesAreUnitMixesWithAnchorShareBelowHalf() {
        MiningParams p = base(2, 0).syntheticCount(8).randomSeed(3).build();
        MemoryBank bank = handBank();
        MiningResult r = new NegativeMiner(p, 2).mine(bank, "X", 10_000L, 10, ANCHOR, 0);

        List<Negative> synthetic =
                r.negatives().stream().filter(n -> n.kind() == Negative.Kind.SYNTHETIC).toList();
        assertThat(synthetic).hasSize(8);
        assertThat(r.negatives().subList(0, 2))
                .extracting(Negative::barIndex)
                .containsExactly(5L, 6L);
        Set<WindowId> hardIds = Set.of(new WindowId("Y", 5_000L), new WindowId("Y", 6_000L));
        WindowId anchorId = new WindowId("X", 10_000L);
        for (int k = 0; k < synthetic.size(); k++) {
            Negative n = synthetic.get(k);
            float[] e = n.entry().embedding();
            assertThat(Math.sqrt((double) e[0] * e[0] + (double) e[1] * e[1]))
                    .isCloseTo(1.0, within(1e-6));
            assertThat(n.symbol()).isEqualTo(Negative.SYNTHETIC_SYMBOL);
            assertThat(hardIds).contains(n.sourceB());
            float c = n.mixingCoefficient();
            if (k % 2 == 0) {
                // Pair mix of the two distinct hard negatives.
                assertThat(hardIds).contains(n.sourceA());
                assertThat(n.sourceA()).isNotEqualTo(n.sourceB());
                assertThat(c).isBetween(0f, 1f);
            } else {
                assertThat(n.sourceA()).isEqualTo(anchorId);
                assertThat(c).isGreaterThanOrEqualTo(0f).isLessThan(0.5f);
                // Mixed with Y5 (0.6, 0.8) or Y6 (0, 1): s = first component of the unit mix.
                double bx = n.sourceB().endTime() == 5_000L ? 0.6 : 0.0;
                double by = n.sourceB().endTime() == 5_000L ? 0.8 : 1.0;
                double mx = c + (1 - c) * bx;
                double my = (1 - c) * by;
                assertThat((double) n.similarity())
                        .isCloseTo(mx / Math.hypot(mx, my), within(1e-5));
            }
        }
        // Synthetic ones count in InfoNCE and never enter the bank.
        assertThat(r.weights()).hasSize(1 + 2 + 8);
        assertThat(bank.size()).isEqualTo(5);
        assertThat(bank.findSlot(Negative.SYNTHETIC_SYMBOL, -1)).isEqualTo(-1);

        MiningResult again = new NegativeMiner(p, 2).mine(handBank(), "X", 10_000L, 10, ANCHOR, 0);
        MiningAssertions.assertSame(again, r);
        MiningResult otherSeed =
                new NegativeMiner(p.toBuilder().randomSeed(4).build(), 2)
                        .mine(handBank(), "X", 10_000L, 10, ANCHOR, 0);
        assertThat(otherSeed.negatives()).isNotEqualTo(r.negatives());
    }

    @Test
    void withOneHardNegativeEverySyntheticOneMixesTheAnchor() {
        MiningResult r = mine(base(1, 0).syntheticCount(3).build(), 0);

        assertThat(r.negatives().subList(1, 4))
                .allSatisfy(
                        n -> {
                            assertThat(n.kind()).isEqualTo(Negative.Kind.SYNTHETIC);
                            assertThat(n.sourceA()).isEqualTo(new WindowId("X", 10_000L));
                            assertThat(n.sourceB()).isEqualTo(new WindowId("Y", 5_000L));
                        });
    }

    @Test
    void mineBatchMatchesMineAndAcceptsAnEmptyBatch() {
        MiningParams p = base(1, 1).randomCount(1).syntheticCount(2).importanceBeta(2f).build();
        NegativeMiner miner = new NegativeMiner(p, 2);
        MemoryBank bank = handBank();
        List<Anchor> anchors =
                List.of(
                        new Anchor("X", 10_000L, 10, ANCHOR, 5),
                        new Anchor("Y", 7_000L, 7, new float[] {0f, -1f}, 6),
                        new Anchor("Q", 1L, 1, new float[] {0.6f, -0.8f}, 7));

        MiningResult[] results = miner.mineBatch(bank, anchors);

        for (int i = 0; i < anchors.size(); i++) {
            Anchor a = anchors.get(i);
            MiningAssertions.assertSame(
                    results[i],
                    new NegativeMiner(p, 2)
                            .mine(
                                    bank,
                                    a.symbol(),
                                    a.endTime(),
                                    a.barIndex(),
                                    a.unitEmbedding(),
                                    a.anchorOrdinal()));
        }
        assertThat(miner.mineBatch(bank, List.of())).isEmpty();
        assertThatThrownBy(
                        () ->
                                miner.mineBatch(
                                        bank, List.of(new Anchor("X", 1L, 1, new float[2], 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalise");
        assertThatThrownBy(() -> new Anchor("X", 1L, 1, ANCHOR, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
        assertThatThrownBy(() -> miner.mine(bank, "X", 1L, 1, ANCHOR, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -2");
    }

    private static List<Negative.Kind> kinds(MiningResult r) {
        return r.negatives().stream().map(Negative::kind).toList();
    }
}
