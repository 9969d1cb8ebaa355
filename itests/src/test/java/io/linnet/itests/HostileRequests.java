package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A raw HTTP/1.1 client for hostile requests: any request target and header, a body written on
 * its own thread (the daemon may answer and close before reading it all), over the daemon's UNIX
 * socket or TCP. Plus the checks every answer to bad input must pass.
 */
final class HostileRequests {
    static final ObjectMapper JSON = new ObjectMapper();

    private HostileRequests() {
    }

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        String message() {
            JsonNode j = json();
            return j == null ? null : j.path("message").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body).trim();
        }
    }

    /** A body of {@code length} bytes from {@code source} (written in pieces, never held whole). */
    interface Body {
        long length();

        void writeTo(OutputStream out) throws IOException;

        static Body of(byte[] bytes) {
            return new Body() {
                public long length() {
                    return bytes.length;
                }

                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }
            };
        }

        /** {@code prefix}, then {@code fill} repeated, then {@code suffix}: a valid JSON document when they make one. */
        static Body repeated(String prefix, byte fill, long fillLength, String suffix) {
            byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
            return new Body() {
                public long length() {
                    return p.length + fillLength + s.length;
                }

                public void writeTo(OutputStream out) throws IOException {
                    out.write(p);
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, fill);
                    for (long left = fillLength; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                    out.write(s);
                }
            };
        }
    }

    /** Where requests go: the daemon's UNIX socket, or a TCP port. */
    record Target(Path socket, int port) {
        static Target unix(Path socket) {
            return new Target(socket, -1);
        }

        static Target tcp(int port) {
            return new Target(null, port);
        }
    }

    static Reply send(Target target, String method, String requestTarget, Map<String, String> headers, Body body)
            throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(requestTarget).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", target.socket() != null ? "docker" : "127.0.0.1:" + target.port());
        all.put("Connection", "close");
        all.putAll(headers);
        if (body != null && !all.containsKey("Transfer-Encoding")) {
            all.put("Content-Length", Long.toString(body.length()));
        }
        all.forEach((k, v) -> {
            if (v != null) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("\r\n");
        if (target.socket() != null) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(target.socket()));
                return exchange(head.toString(), body, "chunked".equals(all.get("Transfer-Encoding")),
                        channelIn(channel), channelOut(channel), method.equals("HEAD"));
            }
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", target.port()), 5000);
            s.setSoTimeout(120_000);
            return exchange(head.toString(), body, "chunked".equals(all.get("Transfer-Encoding")),
                    s.getInputStream(), s.getOutputStream(), method.equals("HEAD"));
        }
    }

    static Reply json(Target target, String method, String requestTarget, String body) throws IOException {
        return send(target, method, requestTarget, Map.of("Content-Type", "application/json"),
                body == null ? null : Body.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Reply exchange(String head, Body body, boolean chunked, InputStream in, OutputStream out,
            boolean noBody) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread writer = null;
        if (body != null) {
            // The daemon may refuse at the head and close: the body goes on its own thread so the
            // answer is read whatever happens to the rest of it.
            writer = new Thread(() -> {
                try {
                    OutputStream target = chunked ? new ChunkedOutput(out) : out;
                    body.writeTo(target);
                    if (chunked) {
                        ((ChunkedOutput) target).finish();
                    }
                    out.flush();
                } catch (IOException refusedEarly) {
                    // the daemon closed the connection on a body it would not read
                }
            }, "hostile-body");
            writer.setDaemon(true);
            writer.start();
        }
        try {
            return read(in, noBody);
        } finally {
            if (writer != null) {
                writer.interrupt();
            }
        }
    }

    /** Writes each write as one HTTP chunk. */
    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static Reply read(InputStream in, boolean noBody) throws IOException {
        UnixHttp.Reply r = UnixHttp.read(in, noBody, 1 << 20);
        return new Reply(r.status(), r.headers(), r.body());
    }

    private static InputStream channelIn(SocketChannel channel) {
        return io.linnet.engine.api.io.ChannelStreams.in(channel);
    }

    private static OutputStream channelOut(SocketChannel channel) {
        return io.linnet.engine.api.io.ChannelStreams.out(channel);
    }

    /** What a client must see for bad input: never a 5xx, and any 4xx is Docker's error body. */
    static void assertDockerRefusalOrSuccess(Reply r, String what) {
        assertTrue(r.status() < 500, what + " -> " + r);
        if (r.status() >= 400) {
            assertDockerError(r, what);
        }
    }

    static void assertDockerError(Reply r, String what) {
        String message = r.message();
        assertTrue(message != null && !message.isEmpty(), what + ": not Docker's error body: " + r);
        assertTrue(!message.contains("\tat ") && !message.contains("Exception") && !message.contains("unhandled"),
                what + ": internals in the message: " + r);
    }

    static void assertRefused(Reply r, int status, String messagePrefix, String what) {
        assertEquals(status, r.status(), what + " -> " + r);
        assertDockerError(r, what);
        assertTrue(r.message().startsWith(messagePrefix), what + ": expected a message starting with \""
                + messagePrefix + "\" -> " + r);
    }

    /** Size, mode and modification time of every file under a tree: any change shows. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                var attrs = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                out.put(root.relativize(p).toString(), attrs.size() + " " + attrs.permissions() + " "
                        + attrs.lastModifiedTime() + " " + attrs.owner());
            }
        }
        return out;
    }

    /** The daemon's resident memory in MiB, from /proc. */
    static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** Java string escapes as the corpus files use them ({@code \n}, {@code \t}, {@code \u0000}). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '\\' -> b.append('\\');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append('\\').append(n);
            }
        }
        return b.toString();
    }

    /** Percent-encodes every byte but RFC 3986's unreserved ones: one path segment, whatever it holds. */
    static String pathSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
