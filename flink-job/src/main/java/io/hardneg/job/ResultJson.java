package io.hardneg.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.hardneg.bars.BarTime;
import io.hardneg.mining.BankEntry;
import io.hardneg.mining.MiningResult;
import io.hardneg.mining.Negative;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes mining results as JSON (schema 1, documented in README), as UTF-8 bytes. Floats are
 * written with Java's shortest round-trip form, so a reader gets the exact float32 values back.
 *
 * <p>A writer keeps its output and base64 buffers from one result to the next, so it is not
 * thread-safe: one per operator instance. The array {@link #write} returns is new each time and the
 * writer never touches it again, so it can be emitted as it is.
 */
public final class ResultJson {
    /** Version of the result layout; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** Non-ASCII escaped, so the bytes written are the UTF-8 and the Latin-1 of the text alike. */
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final Output output = new Output();
    private final VectorCodec.Encoder vectorCodec = new VectorCodec.Encoder();

    /** A window's id: {@code SYMBOL@2013-01-02T00:00:00Z}. */
    public static String windowId(String symbol, long endTime) {
        return symbol + "@" + BarTime.format(endTime);
    }

    /**
     * The encoder input of a bank entry, told the bank slot the miner read it from (-1 when it read
     * it from none: a synthetic negative, a positive the caller gave), or null when not known.
     */
    public interface Windows {
        float[] of(BankEntry entry, int slot);
    }

    /** The result as UTF-8 JSON (ASCII only: non-ASCII is escaped), in a new array. */
    public byte[] write(
            String bankKey,
            EmbeddedWindow anchor,
            MiningResult result,
            ResultFormat format,
            Windows windows) {
        // Streamed field by field as bytes into a buffer kept from the last record, vectors
        // base64-encoded into buffers kept too: a tree of nodes, or a character writer, for a
        // 30 KB record cost about as much as the search that produced it. Bytes all the way to
        // the Kafka record: a String in between cost two more copies of every record.
        output.reset();
        try (JsonGenerator g = FACTORY.createGenerator(output)) {
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA_VERSION);
            g.writeStringField("bankKey", bankKey);
            g.writeNumberField("bankSize", result.bankSize());
            g.writeStringField("modelVersion", anchor.modelVersion);
            g.writeStringField("vectors", format.base64() ? VectorCodec.BASE64_F32LE : "array");
            if (format.windows()) {
                g.writeArrayFieldStart("windowShape");
                g.writeNumber(format.channels());
                g.writeNumber(format.length());
                g.writeEndArray();
            }

            g.writeObjectFieldStart("anchor");
            g.writeStringField("id", windowId(anchor.symbol, anchor.endTime));
            g.writeStringField("symbol", anchor.symbol);
            g.writeStringField("startTime", BarTime.format(anchor.startTime));
            g.writeStringField("endTime", BarTime.format(anchor.endTime));
            g.writeNumberField("barIndex", anchor.barIndex);
            vectors(g, format, anchor.embedding, anchor.values);
            g.writeEndObject();

            if (result.hasPositive()) {
                BankEntry p = result.positive();
                g.writeObjectFieldStart("positive");
                entry(g, p, result.positiveSlot(), format, windows);
                g.writeNumberField("similarity", result.positiveSimilarity());
                g.writeBooleanField(
                        "augmented",
                        p.symbol().equals(anchor.symbol) && p.endTime() == anchor.endTime);
                g.writeNumberField("weight", result.weights()[0]);
                g.writeEndObject();
            } else {
                g.writeNullField("positive");
            }

            g.writeArrayFieldStart("negatives");
            double[] importance = result.importanceWeights();
            double[] weights = result.hasPositive() ? result.weights() : null;
            int i = 0;
            for (Negative n : result.negatives()) {
                g.writeStartObject();
                entry(g, n.entry(), result.slot(i), format, windows);
                g.writeNumberField("similarity", n.similarity());
                g.writeStringField(
                        "kind", n.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (n.kind() == Negative.Kind.SYNTHETIC) {
                    g.writeStringField(
                            "mixedFrom",
                            n.sourceA().symbol() + "@" + BarTime.format(n.sourceA().endTime()));
                    g.writeStringField(
                            "mixedWith",
                            n.sourceB().symbol() + "@" + BarTime.format(n.sourceB().endTime()));
                    g.writeNumberField("mixingCoefficient", n.mixingCoefficient());
                }
                if (weights != null) {
                    g.writeNumberField("weight", weights[i + 1]);
                }
                if (!Double.isNaN(result.weightedLoss())) {
                    g.writeNumberField("importanceWeight", importance[i]);
                }
                g.writeEndObject();
                i++;
            }
            g.writeEndArray();
            g.writeBooleanField("semiHardAvailable", result.semiHardAvailable());
            g.writeNumberField("eligible", result.eligibleCount());
            if (result.hasPositive()) {
                g.writeNumberField("loss", result.loss());
                if (!Double.isNaN(result.weightedLoss())) {
                    g.writeNumberField("weightedLoss", result.weightedLoss());
                }
                vector(g, "gradient", result.gradient(), format.base64());
            } else {
                g.writeNullField("loss");
                g.writeNullField("gradient");
            }
            g.writeObjectFieldStart("guards");
            g.writeNumberField("exclusion", result.exclusionHits());
            g.writeNumberField("maxSimilarity", result.maxSimilarityHits());
            g.writeNumberField("symbolGroup", result.symbolGroupHits());
            g.writeNumberField("rankSkip", result.rankSkipHits());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a result as JSON", e);
        }
        // The one copy: the emitted array must not be the buffer the next record is written into.
        return output.toByteArray();
    }

    private void entry(JsonGenerator g, BankEntry e, int slot, ResultFormat format, Windows windows)
            throws IOException {
        String endTime = BarTime.format(e.endTime());
        g.writeStringField("id", e.symbol() + "@" + endTime);
        g.writeStringField("symbol", e.symbol());
        g.writeStringField("endTime", endTime);
        g.writeNumberField("barIndex", e.barIndex());
        g.writeStringField("modelVersion", e.modelVersion());
        vectors(g, format, e.embedding(), format.windows() ? windows.of(e, slot) : null);
    }

    private void vectors(JsonGenerator g, ResultFormat format, float[] embedding, float[] window)
            throws IOException {
        if (format.embeddings()) {
            vector(g, "embedding", embedding, format.base64());
        }
        if (format.windows() && window != null) {
            vector(g, "window", window, format.base64());
        }
    }

    private void vector(JsonGenerator g, String field, float[] values, boolean base64)
            throws IOException {
        g.writeFieldName(field);
        if (base64) {
            // Raw, not through Jackson's writeBinary: its loop took a quarter of the mining
            // thread on 30 KB records. Above 512 bytes the generator writes the array straight
            // to the output, past its own buffer.
            byte[] encoded = vectorCodec.encodeAscii(values);
            g.writeRawUTF8String(encoded, 0, encoded.length);
        } else {
            g.writeStartArray();
            for (float v : values) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        }
    }

    /** A growable byte buffer, kept from one record to the next; unsynchronised. */
    private static final class Output extends OutputStream {
        private byte[] buffer = new byte[64 * 1024];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
