package io.linnet.containerd.image;

import io.linnet.engine.api.io.BulkInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a download through while hashing it; at its end (before the content store commits the
 * blob) fails unless the bytes have the expected digest and size. More bytes than the descriptor
 * states fail at once.
 */
final class VerifyingInputStream extends BulkInputStream {
    private final InputStream in;
    private final String digest;
    private final long size;
    private final MessageDigest sha;
    private long count;
    private boolean verified;

    /** @param size the expected size, or -1 when unknown */
    VerifyingInputStream(InputStream in, String digest, long size) {
        this(in, digest, size, true);
    }

    /** @param hashing false when the store verifies the digest itself: only the size is checked here */
    VerifyingInputStream(InputStream in, String digest, long size, boolean hashing) {
        this.in = in;
        this.digest = digest;
        this.size = size;
        this.sha = hashing ? Digests.sha256() : null;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        if (sha != null) {
            sha.update(b, off, n);
        }
        count += n;
        if (size >= 0 && count > size) {
            throw new IOException("blob " + digest + " is larger than its descriptor's " + size + " bytes");
        }
        return n;
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        if (size >= 0 && count != size) {
            throw new IOException("blob " + digest + ": got " + count + " bytes, expected " + size
                    + " (unexpected EOF)");
        }
        String actual = sha == null ? digest : Digests.format(sha.digest());
        if (!actual.equals(digest)) {
            throw new IOException("digest mismatch for " + digest + ": the registry sent " + actual);
        }
        verified = true;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported while verifying");
    }
}
