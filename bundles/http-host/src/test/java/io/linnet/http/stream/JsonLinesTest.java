package io.linnet.http.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    /** Records each write as it would become one HTTP chunk. */
    private static final class Chunks extends OutputStream {
        final List<String> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }
    }

    @Test
    void eachMessageIsOneWriteWithItsLineEnd() {
        Chunks out = new Chunks();
        JsonLines lines = new JsonLines(out);
        lines.status("abc", "Pushed");
        lines.progress("abc", "Downloading", 5, 10);
        lines.error("boom");
        // docker-py splits a stream by its chunks: a bare line end left as the last chunk fails its parser
        assertEquals(List.of("{\"status\":\"Pushed\",\"id\":\"abc\"}\r\n",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":5,\"total\":10},\"id\":\"abc\"}\r\n",
                "{\"errorDetail\":{\"message\":\"boom\"},\"error\":\"boom\"}\r\n"), out.writes);
    }
}
