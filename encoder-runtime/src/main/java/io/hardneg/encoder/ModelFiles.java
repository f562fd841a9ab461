package io.hardneg.encoder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes model files. */
public final class ModelFiles {

    private ModelFiles() {}

    /**
     * Writes the built-in encoder for the given window shape and seed to {@code out}, creating
     * parent directories. The file is written next to {@code out} and then moved into place, so a
     * reader never sees half a model.
     */
    public static void export(Path out, int channels, int windowLength, long seed)
            throws IOException {
        byte[] bytes = BuiltinEncoder.build(channels, windowLength, seed);
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                // Temp files are created owner-only; a model is read by task managers that may
                // run as another user.
                Files.setPosixFilePermissions(
                        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
