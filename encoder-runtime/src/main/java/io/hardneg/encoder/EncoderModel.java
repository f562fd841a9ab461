package io.hardneg.encoder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An encoder model's ONNX bytes plus its identity (name and SHA-256). Immutable.
 *
 * <p>The {@link #version()} string ties every embedding to the exact model bytes that produced it,
 * so a bank built with one model is never mixed with queries from another.
 */
public final class EncoderModel {

    /** Name of the model that {@link #builtin(int, int)} returns. */
    public static final String BUILTIN_NAME = "builtin-cnn";

    private static final int VERSION_HASH_CHARS = 12;

    private final String name;
    private final byte[] bytes;
    private final String sha256;

    private EncoderModel(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
        this.sha256 = Hashes.sha256Hex(bytes);
    }

    /** The built-in CNN for the given window shape, with {@link BuiltinEncoder#DEFAULT_SEED}. */
    public static EncoderModel builtin(int channels, int windowLength) {
        return new EncoderModel(
                BUILTIN_NAME,
                BuiltinEncoder.build(channels, windowLength, BuiltinEncoder.DEFAULT_SEED));
    }

    /** Reads a model file; its name is the file name without extension. */
    public static EncoderModel fromFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException(
                    "model file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        return fromBytes(baseName(path.getFileName().toString()), Files.readAllBytes(path));
    }

    /**
     * Reads a model from the class path (the thread's context class loader first, as Flink user
     * code expects, then this library's). The name is the resource's file name without extension.
     */
    public static EncoderModel fromClasspath(String resource) throws IOException {
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("model resource name is empty");
        }
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        InputStream in = null;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            in = context.getResourceAsStream(path);
        }
        if (in == null) {
            in = EncoderModel.class.getClassLoader().getResourceAsStream(path);
        }
        if (in == null) {
            throw new FileNotFoundException(
                    "model resource '" + resource + "' is not on the class path");
        }
        try (InputStream stream = in) {
            return fromBytes(
                    baseName(path.substring(path.lastIndexOf('/') + 1)), stream.readAllBytes());
        }
    }

    /** A model from bytes already in memory; the array is copied. */
    public static EncoderModel fromBytes(String name, byte[] bytes) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name is empty");
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("model '" + name + "' has no bytes");
        }
        return new EncoderModel(name, bytes.clone());
    }

    public String name() {
        return name;
    }

    /** A copy of the model bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The model bytes without a copy; callers in this package must not modify them. */
    byte[] bytesUnsafe() {
        return bytes;
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public String sha256() {
        return sha256;
    }

    /** {@code name@<first 12 hex chars of sha256>}, e.g. {@code builtin-cnn@3fa2c07d91be}. */
    public String version() {
        return name + "@" + sha256.substring(0, VERSION_HASH_CHARS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncoderModel other
                && name.equals(other.name)
                && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + sha256.hashCode();
    }

    @Override
    public String toString() {
        return version() + " (" + bytes.length + " bytes)";
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
