package io.linnet.containerd.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a download through while hashing it; at its end (before the content store commits the
 * blob) fails unless the bytes have the expected digest and size. More bytes than the descriptor
 * states fail at once.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final String digest;
    private final long size;
    private final MessageDigest sha = Digests.sha256();
    private long count;
    private boolean verified;

    /** @param size the expected size, or -1 when unknown */
    VerifyingInputStream(InputStream in, String digest, long size) {
        super(in);
        this.digest = digest;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        sha.update(b, off, n);
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
        String actual = Digests.format(sha.digest());
        if (!actual.equals(digest)) {
            throw new IOException("digest mismatch for " + digest + ": the registry sent " + actual);
        }
        verified = true;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported while verifying");
    }
}
