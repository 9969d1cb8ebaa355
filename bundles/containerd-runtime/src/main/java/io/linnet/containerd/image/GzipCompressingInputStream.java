package io.linnet.containerd.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * The gzip form of a stream, produced as it is read (no thread, no buffer beyond the deflater's):
 * a fixed header (no name, no time, so the same bytes give the same blob), the raw deflate data,
 * then the CRC-32 and length trailer.
 */
final class GzipCompressingInputStream extends InputStream {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final CheckedInputStream source;
    private final Deflater deflater;
    private final InputStream out;

    GzipCompressingInputStream(InputStream in, int level) {
        this.source = new CheckedInputStream(in, new CRC32());
        this.deflater = new Deflater(level, true);
        InputStream deflated = new DeflaterInputStream(source, deflater, 64 * 1024);
        this.out = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(HEADER), deflated, new TrailerStream())));
    }

    @Override
    public int read() throws IOException {
        return out.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return out.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            deflater.end();
        }
    }

    /** CRC-32 and size of the source, little endian, once the deflater has read it all. */
    private final class TrailerStream extends InputStream {
        private byte[] bytes;
        private int position;

        private byte[] bytes() {
            if (bytes == null) {
                long crc = source.getChecksum().getValue();
                long size = deflater.getBytesRead();
                bytes = new byte[8];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) (crc >>> (8 * i));
                    bytes[4 + i] = (byte) (size >>> (8 * i));
                }
            }
            return bytes;
        }

        @Override
        public int read() {
            return position < 8 ? bytes()[position++] & 0xff : -1;
        }
    }
}
