package io.hardneg.encoder;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link OnnxWindowEncoder} per model and configuration per process, shared by reference count.
 *
 * <p>Every parallel subtask of an operator in one task manager would otherwise load its own copy of
 * the same model; an ONNX Runtime session is thread-safe, so they can share one. Leases of the same
 * model bytes (SHA-256) and name, window shape, device and thread counts get the same encoder; the
 * session is closed when the last of those leases is closed, and a later {@link #acquire} opens a
 * fresh one.
 *
 * <p>Thread-safe. A session is opened while a process-wide lock is held, so two first acquires of
 * different models open one after the other; that happens once per model, at operator start.
 */
public final class SharedEncoders {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEncoders.class);

    private static final Object LOCK = new Object();

    /** Guarded by {@link #LOCK}. */
    private static final Map<Key, Shared> OPEN = new HashMap<>();

    private SharedEncoders() {}

    /**
     * A lease on the shared encoder for these arguments, opening it if no lease holds it.
     *
     * @throws EncoderException as {@link OnnxWindowEncoder#open} does; nothing is left open then
     */
    public static Lease acquire(
            EncoderModel model, int channels, int windowLength, EncoderOptions options)
            throws EncoderException {
        if (model == null || options == null) {
            throw new IllegalArgumentException("model and options must not be null");
        }
        Key key =
                new Key(
                        model.sha256(),
                        model.name(),
                        channels,
                        windowLength,
                        options.device(),
                        options.intraOpThreads(),
                        options.interOpThreads());
        synchronized (LOCK) {
            Shared shared = OPEN.get(key);
            if (shared == null) {
                shared = new Shared(OnnxWindowEncoder.open(model, channels, windowLength, options));
                OPEN.put(key, shared);
                LOG.info(
                        "Opened shared encoder {} on {} for {} x {} windows",
                        model.version(),
                        shared.encoder.device(),
                        channels,
                        windowLength);
            }
            shared.leases++;
            return new Lease(key, shared);
        }
    }

    /** Encoders open now; for tests. */
    static int openCount() {
        synchronized (LOCK) {
            return OPEN.size();
        }
    }

    private static void release(Key key, Shared shared) {
        synchronized (LOCK) {
            shared.leases--;
            if (shared.leases > 0) {
                return;
            }
            OPEN.remove(key);
        }
        // Outside the lock: close() waits for embed calls in flight, which must not block
        // acquires of other models.
        shared.encoder.close();
        LOG.info("Closed shared encoder {}: its last lease was closed", key.name);
    }

    /**
     * Holds the shared encoder open until {@link #close()}. Close the lease, never the encoder:
     * closing the encoder would close it under every other holder.
     */
    public static final class Lease implements AutoCloseable {

        private final Key key;
        private final Shared shared;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Key key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        /**
         * The shared encoder.
         *
         * @throws IllegalStateException if this lease is closed
         */
        public OnnxWindowEncoder encoder() {
            if (closed.get()) {
                throw new IllegalStateException(
                        "lease on encoder " + shared.encoder.modelVersion() + " is closed");
            }
            return shared.encoder;
        }

        /** Gives the lease back; the last one closes the session. Idempotent. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(key, shared);
            }
        }
    }

    private record Key(
            String sha256,
            String name,
            int channels,
            int windowLength,
            String device,
            int intraOpThreads,
            int interOpThreads) {}

    private static final class Shared {
        final OnnxWindowEncoder encoder;

        /** Guarded by {@link #LOCK}. */
        int leases;

        Shared(OnnxWindowEncoder encoder) {
            this.encoder = encoder;
        }
    }
}
