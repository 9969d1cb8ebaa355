package io.linnet.http.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdFramingTest {

    @Test
    void framesCarryStreamIdAndBigEndianLength() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdWriter w = new StdWriter(out, true);
        w.stream(StdStream.STDOUT).write("hi".getBytes(StandardCharsets.UTF_8));
        w.write(StdStream.STDERR, new byte[300]);
        byte[] b = out.toByteArray();
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'}, java.util.Arrays.copyOf(b, 10));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 1, 44}, java.util.Arrays.copyOfRange(b, 10, 18));
        assertEquals(10 + 8 + 300, b.length);
    }

    @Test
    void rawModePassesThrough() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdWriter w = new StdWriter(out, false);
        w.stream(StdStream.STDOUT).write("a".getBytes(StandardCharsets.UTF_8));
        w.stream(StdStream.STDERR).write("b".getBytes(StandardCharsets.UTF_8));
        assertEquals("ab", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void emptyWritesMakeNoFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StdWriter(out, true).write(StdStream.STDOUT, new byte[0]);
        assertEquals(0, out.size());
    }

    @Test
    void readerRoundTrips() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdWriter w = new StdWriter(out, true);
        w.write(StdStream.STDOUT, "out".getBytes(StandardCharsets.UTF_8));
        w.write(StdStream.STDERR, "err".getBytes(StandardCharsets.UTF_8));
        w.write(StdStream.SYSTEMERR, "sys".getBytes(StandardCharsets.UTF_8));
        StdReader r = new StdReader(new ByteArrayInputStream(out.toByteArray()));
        StdReader.Frame f = r.next();
        assertEquals(StdStream.STDOUT, f.stream());
        assertEquals("out", f.text());
        assertEquals(StdStream.STDERR, r.next().stream());
        StdReader.Frame sys = r.next();
        assertEquals(StdStream.SYSTEMERR, sys.stream());
        assertEquals("sys", sys.text());
        assertNull(r.next());
    }

    @Test
    void truncatedFrameIsAnError() {
        byte[] cut = {1, 0, 0, 0, 0, 0, 0, 5, 'a', 'b'};
        assertThrows(EOFException.class, () -> new StdReader(new ByteArrayInputStream(cut)).next());
        byte[] badId = {9, 0, 0, 0, 0, 0, 0, 0};
        assertThrows(IOException.class, () -> new StdReader(new ByteArrayInputStream(badId)).next());
    }

    @Test
    void concurrentWritersNeverInterleaveFrames() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        // Byte-at-a-time underlying stream makes interleaving likely if frames were not atomic.
        OutputStream slow = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                sink.write(b);
            }
        };
        StdWriter w = new StdWriter(slow, true);
        List<Thread> threads = new ArrayList<>();
        for (StdStream s : new StdStream[] {StdStream.STDOUT, StdStream.STDERR}) {
            Thread t = new Thread(() -> {
                byte[] payload = new byte[100];
                java.util.Arrays.fill(payload, (byte) s.id());
                OutputStream o = w.stream(s);
                for (int i = 0; i < 200; i++) {
                    try {
                        o.write(payload);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        StdReader r = new StdReader(new ByteArrayInputStream(sink.toByteArray()));
        int frames = 0;
        for (StdReader.Frame f; (f = r.next()) != null; frames++) {
            assertEquals(100, f.payload().length);
            for (byte b : f.payload()) {
                assertEquals(f.stream().id(), b);
            }
        }
        assertEquals(400, frames);
    }
}
