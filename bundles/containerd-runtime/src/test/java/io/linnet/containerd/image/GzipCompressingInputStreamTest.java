package io.linnet.containerd.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipCompressingInputStreamTest {

    private static byte[] gzip(byte[] data) throws Exception {
        try (var in = new GzipCompressingInputStream(new ByteArrayInputStream(data), Deflater.BEST_SPEED)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anyGzipReaderGetsTheBytesBackAndTheSameInputGivesTheSameBlob() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        System.arraycopy(new byte[1024 * 1024], 0, data, 0, 1024 * 1024); // some of it compressible
        byte[] gz = gzip(data);
        try (var back = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(data, back.readAllBytes(), "CRC and length trailer checked by the reader");
        }
        assertArrayEquals(gz, gzip(data), "no time or name in the header: one digest per content");
        try (var empty = new GZIPInputStream(new ByteArrayInputStream(gzip(new byte[0])))) {
            assertArrayEquals(new byte[0], empty.readAllBytes());
        }
    }
}
