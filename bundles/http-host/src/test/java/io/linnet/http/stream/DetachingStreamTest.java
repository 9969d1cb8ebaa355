package io.linnet.http.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DetachingStreamTest {

    @Test
    void keysAsDocker() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse(""));
        assertArrayEquals(new byte[] {1, 'x', 0, 27, 31}, DetachKeys.parse("ctrl-a,x,ctrl-@,ctrl-[,ctrl-_"));
        assertEquals("Unknown character: 'ctrl-1'",
                assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ctrl-1")).getMessage());
    }

    @Test
    void passesEverythingButACompleteSequence() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicBoolean detached = new AtomicBoolean();
        DetachingStream s = new DetachingStream(out, new byte[] {16, 17}, () -> detached.set(true));
        s.write(new byte[] {'a', 16, 'b'}); // a started sequence that does not go on
        s.write(new byte[] {'c', 16});
        assertEquals("a\u0010bc", out.toString());
        s.write(new byte[] {16}); // 16 16: the first goes through, the second may still start it
        assertEquals("a\u0010bc\u0010", out.toString());
        assertFalse(detached.get());
        s.write(new byte[] {17, 'z'});
        assertTrue(detached.get());
        s.write('y');
        s.close();
        assertEquals("a\u0010bc\u0010", out.toString());
    }
}
