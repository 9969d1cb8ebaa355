package io.linnet.containerd.container;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Reads one json-file entry ({@code {"log":"...","stream":"stdout","time":"..."}}) straight from
 * the bytes of its line: no tree and no strings per line, so {@code docker logs} of a large log
 * runs at disk speed. Unknown members ({@code attrs}) are skipped; a line that is not such an
 * object gives null.
 */
final class JsonLogLine {

    private static final byte[] LOG = "log".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = "time".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = "stderr".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final byte[] b;
    private final int end;
    private int i;
    private byte[] scratch = new byte[256];

    private JsonLogLine(byte[] b, int from, int to) {
        this.b = b;
        this.i = from;
        this.end = to;
    }

    static LogFileReader.Entry parse(byte[] line) {
        return parse(line, 0, line.length);
    }

    /** The entry in {@code b[from, to)}, or null when the line is no json-file entry. */
    static LogFileReader.Entry parse(byte[] b, int from, int to) {
        try {
            return new JsonLogLine(b, from, to).entry();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private LogFileReader.Entry entry() {
        skipSpace();
        if (i >= end || b[i] != '{') {
            return null;
        }
        i++;
        byte[] log = EMPTY;
        String stream = "stdout";
        long time = Long.MIN_VALUE;
        skipSpace();
        if (b[i] == '}') {
            return null;
        }
        while (true) {
            skipSpace();
            int keyStart = i + 1;
            int keyEnd = stringEnd();
            skipSpace();
            expect(':');
            skipSpace();
            if (is(keyStart, keyEnd, LOG)) {
                log = string();
            } else if (is(keyStart, keyEnd, STREAM)) {
                int s = i + 1;
                int e = stringEnd();
                stream = is(s, e, STDERR) ? "stderr" : "stdout";
            } else if (is(keyStart, keyEnd, TIME)) {
                int s = i + 1;
                int e = stringEnd();
                time = time(s, e);
            } else {
                skipValue();
            }
            skipSpace();
            if (b[i] == ',') {
                i++;
            } else if (b[i] == '}') {
                break;
            } else {
                return null;
            }
        }
        return time == Long.MIN_VALUE ? null : new LogFileReader.Entry(stream, time, log);
    }

    private boolean is(int from, int to, byte[] word) {
        return Arrays.equals(b, from, to, word, 0, word.length);
    }

    private void skipSpace() {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        if (i >= end) {
            throw new IllegalArgumentException("truncated");
        }
    }

    /** Whether {@code i} is still within the line (a truncated line is no entry). */
    private boolean inside() {
        if (i >= end) {
            throw new IllegalArgumentException("truncated");
        }
        return true;
    }

    private void expect(char c) {
        inside();
        if (b[i] != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        i++;
    }

    /** At an opening quote: moves past the closing one and returns its offset. */
    private int stringEnd() {
        expect('"');
        while (i < end && b[i] != '"') {
            i += b[i] == '\\' ? 2 : 1;
        }
        inside();
        return i++;
    }

    /** At an opening quote: the string's bytes, UTF-8, escapes decoded. */
    private byte[] string() {
        expect('"');
        int start = i;
        while (i < end && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        inside();
        if (b[i] == '"') {
            return Arrays.copyOfRange(b, start, i++);
        }
        ensure(i - start + 16);
        System.arraycopy(b, start, scratch, 0, i - start);
        int n = i - start;
        while (inside() && b[i] != '"') {
            ensure(n + 4);
            byte c = b[i++];
            if (c != '\\') {
                scratch[n++] = c;
                continue;
            }
            byte e = b[i++];
            switch (e) {
                case 'n' -> scratch[n++] = '\n';
                case 't' -> scratch[n++] = '\t';
                case 'r' -> scratch[n++] = '\r';
                case 'b' -> scratch[n++] = '\b';
                case 'f' -> scratch[n++] = '\f';
                case 'u' -> n = unicode(n);
                default -> scratch[n++] = e; // \" \\ \/
            }
        }
        i++;
        return Arrays.copyOf(scratch, n);
    }

    /** After "\\u": the code point (a surrogate pair joined, a lone half as U+FFFD) as UTF-8. */
    private int unicode(int n) {
        int c = hex4();
        if (Character.isHighSurrogate((char) c) && i + 6 <= end && b[i] == '\\' && b[i + 1] == 'u') {
            int save = i;
            i += 2;
            int low = hex4();
            if (Character.isLowSurrogate((char) low)) {
                c = Character.toCodePoint((char) c, (char) low);
            } else {
                i = save;
                c = 0xFFFD;
            }
        } else if (Character.isSurrogate((char) c)) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            scratch[n++] = (byte) c;
        } else if (c < 0x800) {
            scratch[n++] = (byte) (0xC0 | c >> 6);
            scratch[n++] = (byte) (0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            scratch[n++] = (byte) (0xE0 | c >> 12);
            scratch[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            scratch[n++] = (byte) (0x80 | c & 0x3F);
        } else {
            scratch[n++] = (byte) (0xF0 | c >> 18);
            scratch[n++] = (byte) (0x80 | c >> 12 & 0x3F);
            scratch[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            scratch[n++] = (byte) (0x80 | c & 0x3F);
        }
        return n;
    }

    private int hex4() {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[i++], 16);
            if (d < 0) {
                throw new IllegalArgumentException("bad \\u escape");
            }
            v = v << 4 | d;
        }
        return v;
    }

    private void ensure(int size) {
        if (scratch.length < size) {
            scratch = Arrays.copyOf(scratch, Math.max(size, scratch.length * 2));
        }
    }

    /** Past a value of another member (a number, literal, string, object or array). */
    private void skipValue() {
        int depth = 0;
        while (inside()) {
            byte c = b[i];
            if (depth == 0 && (c == ',' || c == '}')) {
                return;
            }
            if (c == '"') {
                stringEnd();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
    }

    /** RFC 3339 with nanoseconds (Go's RFC3339Nano), as Unix nanoseconds. */
    private long time(int s, int e) {
        if (e - s >= 20 && b[s + 4] == '-' && b[s + 10] == 'T' && b[e - 1] == 'Z') {
            long days = LocalDate.of(digits(s, 4), digits(s + 5, 2), digits(s + 8, 2)).toEpochDay();
            long seconds = days * 86_400 + digits(s + 11, 2) * 3600L + digits(s + 14, 2) * 60L + digits(s + 17, 2);
            long nanos = 0;
            int p = s + 19;
            if (b[p] == '.') {
                int scale = 100_000_000;
                for (p++; p < e - 1; p++, scale /= 10) {
                    nanos += (b[p] - '0') * (long) scale;
                }
            }
            return seconds * 1_000_000_000L + nanos;
        }
        Instant t = OffsetDateTime.parse(new String(b, s, e - s, StandardCharsets.US_ASCII)).toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private int digits(int at, int count) {
        int v = 0;
        for (int k = at; k < at + count; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a digit");
            }
            v = v * 10 + d;
        }
        return v;
    }
}
