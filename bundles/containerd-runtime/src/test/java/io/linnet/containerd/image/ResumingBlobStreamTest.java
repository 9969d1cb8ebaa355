package io.linnet.containerd.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.image.ProgressSink;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Resuming a broken blob download with range requests, dockerd's retry lines, and giving up. */
class ResumingBlobStreamTest {
    private static final byte[] DATA = new byte[10_000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 31);
        }
    }

    /** Serves DATA from an offset, each connection breaking after {@code cut} bytes while breaks remain. */
    private static final class Flaky implements RegistrySession {
        final List<Long> offsets = new ArrayList<>();
        int breaks;
        int refusals;
        final int cut;

        Flaky(int breaks, int cut) {
            this.breaks = breaks;
            this.cut = cut;
        }

        @Override
        public Blob blob(String digest) {
            return blob(digest, 0);
        }

        @Override
        public Blob blob(String digest, long offset) {
            offsets.add(offset);
            if (offset > 0 && refusals > 0) {
                refusals--;
                throw new RegistryException("dial tcp: connect: connection refused");
            }
            boolean breaking = breaks-- > 0;
            InputStream in = new ByteArrayInputStream(DATA, (int) offset, DATA.length - (int) offset) {
                int sent;

                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    if (breaking && sent >= cut) {
                        return -1; // the connection ended early
                    }
                    int n = super.read(b, off, breaking ? Math.min(len, cut - sent) : len);
                    sent += Math.max(n, 0);
                    return n;
                }
            };
            return new Blob(in, DATA.length - offset);
        }

        @Override
        public String repository() {
            return "r";
        }

        @Override
        public List<String> tags() {
            return List.of("1");
        }

        @Override
        public Manifest manifest(String tagOrDigest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasBlob(String digest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putBlob(String digest, long size, Supplier<InputStream> content, LongConsumer progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String putManifest(String tagOrDigest, String mediaType, byte[] content) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Lines implements ProgressSink {
        final List<String> statuses = new ArrayList<>();

        @Override
        public void stream(String text) {
        }

        @Override
        public void status(String id, String status) {
            statuses.add(id + ": " + status);
        }

        @Override
        public void progress(String id, String status, long current, long total) {
        }
    }

    @Test
    void aBrokenDownloadResumesWhereItBrokeWithDockerdsRetryLines() throws IOException {
        Flaky registry = new Flaky(2, 3000);
        Lines lines = new Lines();
        byte[] got;
        try (ResumingBlobStream in = new ResumingBlobStream(registry, "sha256:x", DATA.length, "abc", lines, 5, 1)) {
            got = in.readAllBytes();
        }
        assertArrayEquals(DATA, got);
        assertEquals(List.of(0L, 3000L, 6000L), registry.offsets);
    }

    @Test
    void theRetryCountdownIsDockerds() throws IOException {
        Flaky registry = new Flaky(1, 100);
        Lines lines = new Lines();
        try (ResumingBlobStream in = new ResumingBlobStream(registry, "sha256:x", DATA.length, "abc", lines, 5, 2000)) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
        assertEquals(List.of("abc: Retrying in 2 seconds", "abc: Retrying in 1 second"), lines.statuses);
    }

    @Test
    void aRegistryThatStaysAwayEndsThePullAfterTheLastAttempt() {
        Flaky registry = new Flaky(1, 100);
        registry.refusals = 10;
        Lines lines = new Lines();
        IOException e = assertThrows(IOException.class, () -> {
            try (ResumingBlobStream in = new ResumingBlobStream(registry, "sha256:x", DATA.length, "abc", lines, 3,
                    1)) {
                in.readAllBytes();
            }
        });
        assertEquals("dial tcp: connect: connection refused", e.getMessage());
        assertEquals(3, registry.offsets.size()); // the first request and two more attempts
    }
}
