package io.hardneg.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardneg.bars.BarTime;
import io.hardneg.mining.BankEntry;
import io.hardneg.mining.MiningResult;
import io.hardneg.mining.Negative;
import java.util.Locale;

/**
 * Writes one mining result as JSON (schema 1, documented in README). Floats are written with Java's
 * shortest round-trip form, so a reader gets the exact float32 values back.
 */
public final class ResultJson {
    /** Version of the result layout; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /** A window's id: {@code SYMBOL@2013-01-02T00:00:00Z}. */
    public static String windowId(String symbol, long endTime) {
        return symbol + "@" + BarTime.format(endTime);
    }

    public static String write(String bankKey, EmbeddedWindow anchor, MiningResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.put("bankKey", bankKey);
        root.put("bankSize", result.bankSize());
        root.put("modelVersion", anchor.modelVersion);

        ObjectNode a = root.putObject("anchor");
        a.put("id", windowId(anchor.symbol, anchor.endTime));
        a.put("symbol", anchor.symbol);
        a.put("startTime", BarTime.format(anchor.startTime));
        a.put("endTime", BarTime.format(anchor.endTime));
        a.put("barIndex", anchor.barIndex);
        floats(a.putArray("embedding"), anchor.embedding);

        if (result.hasPositive()) {
            BankEntry p = result.positive();
            ObjectNode pos = root.putObject("positive");
            entry(pos, p);
            pos.put("similarity", result.positiveSimilarity());
            pos.put("weight", result.weights()[0]);
        } else {
            root.putNull("positive");
        }

        ArrayNode negatives = root.putArray("negatives");
        double[] importance = result.importanceWeights();
        int i = 0;
        for (Negative n : result.negatives()) {
            ObjectNode neg = negatives.addObject();
            entry(neg, n.entry());
            neg.put("similarity", n.similarity());
            neg.put("kind", n.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (n.kind() == Negative.Kind.SYNTHETIC) {
                neg.put(
                        "mixedFrom",
                        n.sourceA().symbol() + "@" + BarTime.format(n.sourceA().endTime()));
                neg.put(
                        "mixedWith",
                        n.sourceB().symbol() + "@" + BarTime.format(n.sourceB().endTime()));
                neg.put("mixingCoefficient", n.mixingCoefficient());
            }
            if (result.hasPositive()) {
                neg.put("weight", result.weights()[i + 1]);
            }
            if (!Double.isNaN(result.weightedLoss())) {
                neg.put("importanceWeight", importance[i]);
            }
            i++;
        }
        root.put("semiHardAvailable", result.semiHardAvailable());
        root.put("eligible", result.eligibleCount());
        if (result.hasPositive()) {
            root.put("loss", result.loss());
            if (!Double.isNaN(result.weightedLoss())) {
                root.put("weightedLoss", result.weightedLoss());
            }
            floats(root.putArray("gradient"), result.gradient());
        } else {
            root.putNull("loss");
            root.putNull("gradient");
        }
        ObjectNode guards = root.putObject("guards");
        guards.put("exclusion", result.exclusionHits());
        guards.put("maxSimilarity", result.maxSimilarityHits());
        guards.put("symbolGroup", result.symbolGroupHits());
        guards.put("rankSkip", result.rankSkipHits());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a result as JSON", e);
        }
    }

    private static void entry(ObjectNode node, BankEntry e) {
        node.put("id", windowId(e.symbol(), e.endTime()));
        node.put("symbol", e.symbol());
        node.put("endTime", BarTime.format(e.endTime()));
        node.put("barIndex", e.barIndex());
        node.put("modelVersion", e.modelVersion());
        floats(node.putArray("embedding"), e.embedding());
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float v : values) {
            array.add(v);
        }
    }
}
