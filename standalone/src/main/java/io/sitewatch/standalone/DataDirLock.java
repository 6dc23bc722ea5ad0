package io.sitewatch.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One standalone per data directory: an exclusive lock on {@code DIR/sitewatch.lock}, held while it runs. The OS
 * drops the lock when the process ends, even on {@code kill -9}, so a broker found through the pid file while the
 * lock is ours was left behind by a dead run, never one that a running sitewatch still uses.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "sitewatch.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or throws {@link DataDirInUseException} (exit status 2) naming the holder's pid. */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this JVM
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new DataDirInUseException("--data-dir " + dataDir + " is in use by another sitewatch"
                        + (holder.matches("\\d+") ? " (pid " + holder + ")" : "")
                        + "; stop it, or choose another --data-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalArgumentException("--data-dir " + dataDir + " cannot be used (" + reason(e)
                    + "); choose a directory you can write to with --data-dir", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way: " + ((java.nio.file.FileSystemException) e).getFile() + " is not a directory";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "it cannot be created there";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** The data dir is used by a running sitewatch; the message names its pid and the flag. */
    static final class DataDirInUseException extends IllegalArgumentException {
        DataDirInUseException(String message) {
            super(message);
        }
    }
}
