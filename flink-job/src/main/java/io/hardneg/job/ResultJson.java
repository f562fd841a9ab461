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

    /** The encoder input of a bank entry, or null when it is not known (synthetic entries). */
    public interface Windows {
        float[] of(BankEntry entry);
    }

    public static String write(
            String bankKey,
            EmbeddedWindow anchor,
            MiningResult result,
            ResultFormat format,
            Windows windows) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.put("bankKey", bankKey);
        root.put("bankSize", result.bankSize());
        root.put("modelVersion", anchor.modelVersion);
        root.put("vectors", format.base64() ? VectorCodec.BASE64_F32LE : "array");
        if (format.windows()) {
            root.putArray("windowShape").add(format.channels()).add(format.length());
        }

        ObjectNode a = root.putObject("anchor");
        a.put("id", windowId(anchor.symbol, anchor.endTime));
        a.put("symbol", anchor.symbol);
        a.put("startTime", BarTime.format(anchor.startTime));
        a.put("endTime", BarTime.format(anchor.endTime));
        a.put("barIndex", anchor.barIndex);
        vectors(a, format, anchor.embedding, anchor.values);

        if (result.hasPositive()) {
            BankEntry p = result.positive();
            ObjectNode pos = root.putObject("positive");
            entry(pos, p, format, windows);
            pos.put("similarity", result.positiveSimilarity());
            pos.put("augmented", p.symbol().equals(anchor.symbol) && p.endTime() == anchor.endTime);
            pos.put("weight", result.weights()[0]);
        } else {
            root.putNull("positive");
        }

        ArrayNode negatives = root.putArray("negatives");
        double[] importance = result.importanceWeights();
        int i = 0;
        for (Negative n : result.negatives()) {
            ObjectNode neg = negatives.addObject();
            entry(neg, n.entry(), format, windows);
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
            vector(root, "gradient", result.gradient(), format.base64());
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

    private static void entry(ObjectNode node, BankEntry e, ResultFormat format, Windows windows) {
        node.put("id", windowId(e.symbol(), e.endTime()));
        node.put("symbol", e.symbol());
        node.put("endTime", BarTime.format(e.endTime()));
        node.put("barIndex", e.barIndex());
        node.put("modelVersion", e.modelVersion());
        vectors(node, format, e.embedding(), format.windows() ? windows.of(e) : null);
    }

    private static void vectors(
            ObjectNode node, ResultFormat format, float[] embedding, float[] window) {
        if (format.embeddings()) {
            vector(node, "embedding", embedding, format.base64());
        }
        if (format.windows() && window != null) {
            vector(node, "window", window, format.base64());
        }
    }

    private static void vector(ObjectNode node, String field, float[] values, boolean base64) {
        if (base64) {
            node.put(field, VectorCodec.encode(values));
        } else {
            ArrayNode array = node.putArray(field);
            for (float v : values) {
                array.add(v);
            }
        }
    }
}
