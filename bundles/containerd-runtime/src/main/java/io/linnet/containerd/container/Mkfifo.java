package io.linnet.containerd.container;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Path;

/** mkfifo(3) through JNA (about 1 ms; the mkfifo command costs 10-20). */
final class Mkfifo {

    private interface LibC extends Library {
        int mkfifo(String path, int mode) throws LastErrorException;
    }

    private static volatile LibC libc;

    private Mkfifo() {
    }

    static void create(Path path, int mode) throws IOException {
        try {
            lib().mkfifo(path.toString(), mode);
        } catch (LastErrorException e) {
            throw new IOException("mkfifo " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    private static LibC lib() {
        LibC c = libc;
        if (c == null) {
            synchronized (Mkfifo.class) {
                if (libc == null) {
                    libc = Native.load("c", LibC.class);
                }
                c = libc;
            }
        }
        return c;
    }
}
