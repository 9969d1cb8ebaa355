package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerService.LogOptions;
import io.linnet.engine.api.container.ContainerService.LogSink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * One json-file log file read forwards in large blocks: complete lines are parsed where they lie
 * in the buffer; an unfinished last line waits for the rest. Knows its file by inode, so a
 * follower sees when the name has moved on to a new file (rotation).
 */
final class LogLines implements Closeable {

    private static final int BLOCK = 1 << 20;

    private final FileChannel channel;
    private final Object fileKey;
    private byte[] buffer = new byte[BLOCK];
    private int filled;
    /** File offset of buffer[0]. */
    private long bufferStart;

    private LogLines(FileChannel channel, Object fileKey) {
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /** The file at {@code path}, or null when there is none. */
    static LogLines open(Path path) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Object before = key(path);
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                if (Objects.equals(before, key(path))) {
                    return new LogLines(channel, before); // not rotated while opening
                }
                channel.close();
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
        return null;
    }

    private static Object key(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** Where the complete lines read so far end. */
    long position() {
        return bufferStart;
    }

    void seek(long position) {
        bufferStart = position;
        filled = 0;
    }

    /**
     * The file written right after this one once {@code path} has been rotated away from it, or null
     * while {@code path} is still this file. A follower that lags several rotations behind goes
     * through every file in order: ours is now {@code path.k}, its successor {@code path.(k-1)}
     * ({@code path} itself for k = 1); if ours has been deleted, the oldest one kept.
     */
    LogLines successor(Path path) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                if (Objects.equals(fileKey, key(path))) {
                    return null;
                }
            } catch (NoSuchFileException between) {
                return null; // renamed, the new one not created yet
            }
            int ours = rotatedIndex(path);
            Path next = ours == 1 ? path : rotated(path, ours > 1 ? ours - 1 : oldestRotated(path));
            LogLines opened = open(next);
            if (opened != null && rotatedIndex(path) == ours) {
                return opened; // no rotation while we looked
            }
            if (opened != null) {
                opened.close();
            }
        }
        return open(path);
    }

    /** Where this file is among {@code path.1, path.2, ...} (contiguous), or -1 when it is none of them. */
    private int rotatedIndex(Path path) throws IOException {
        for (int i = 1; ; i++) {
            try {
                if (Objects.equals(fileKey, key(rotated(path, i)))) {
                    return i;
                }
            } catch (NoSuchFileException end) {
                return -1;
            }
        }
    }

    private static int oldestRotated(Path path) {
        int i = 1;
        while (Files.exists(rotated(path, i + 1))) {
            i++;
        }
        return i;
    }

    private static Path rotated(Path path, int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    /**
     * Hands the selected entries of the complete lines added since the last call to {@code sink}.
     *
     * @return false when the sink declined
     */
    boolean next(LogOptions options, LogSink sink) throws IOException {
        if (channel.size() < bufferStart + filled) {
            seek(0); // truncated in place (max-file 1): start over
        }
        while (true) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
            }
            int n = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled), bufferStart + filled);
            if (n <= 0) {
                return true;
            }
            filled += n;
            int lineStart = 0;
            for (int i = 0; i < filled; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                LogFileReader.Entry e = JsonLogLine.parse(buffer, lineStart, i);
                lineStart = i + 1;
                if (e != null && LogFileReader.selected(e, options) && !sink.accept(e.stream(), e.timeNanos(), e.data())) {
                    return false;
                }
            }
            System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
            filled -= lineStart;
            bufferStart += lineStart;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
