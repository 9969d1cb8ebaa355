package io.linnet.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A tar entry's body copied from a file that may change while it is read: exactly the size its
 * header announced, what the file holds up to that size and zeros after it if it shrank, so the
 * archive stays well formed.
 */
public final class TarEntryBody {
    private TarEntryBody() {
    }

    /** The bytes taken from the file also go to {@code content} (a digest, say); the zeros do not. */
    public static void copy(InputStream file, long size, OutputStream tar, ContentSink content) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = file.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            tar.write(buf, 0, n);
            content.accept(buf, 0, n);
            left -= n;
        }
        Arrays.fill(buf, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buf.length, left);
            tar.write(buf, 0, n);
            left -= n;
        }
    }

    public static void copy(InputStream file, long size, OutputStream tar) throws IOException {
        copy(file, size, tar, (b, off, len) -> { });
    }

    /** Receives the file's bytes as they are copied. */
    @FunctionalInterface
    public interface ContentSink {
        void accept(byte[] buf, int off, int len);
    }
}
