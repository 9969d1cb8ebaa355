package io.linnet.network.cni;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Work done inside a container's network namespace without starting a process: a short-lived thread
 * enters the namespace with setns(2), does the work and ends, so no daemon thread ever serves in the
 * wrong namespace. Sockets it creates stay in that namespace for their whole life.
 */
final class InNamespace {
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;
    /** struct ifreq: the interface name (16 bytes), then a union whose first member is the flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_FLAGS = 16;

    interface Work<T> {
        T run() throws IOException;
    }

    private interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int unshare(int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int ioctl(int fd, long request, Memory ifreq) throws LastErrorException;
    }

    private InNamespace() {
    }

    /** Runs {@code work} on a thread of its own inside the namespace pinned at {@code netns}. */
    static <T> T run(String netns, String threadName, Work<T> work) throws IOException {
        return onOwnThread(netns, threadName, () -> {
            enter(netns);
            return work.run();
        });
    }

    /**
     * A new namespace with {@code lo} up, pinned at {@code file} (as CNI's and CRI's netns helpers make
     * one): the thread that unshares it ends with the work, so no daemon thread stays in it.
     */
    static void create(Path file) throws IOException {
        onOwnThread(file.toString(), "linnet-netns-new", () -> {
            try {
                LibC.C.unshare(CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw new IOException("cannot make a network namespace: errno " + e.getErrorCode());
            }
            loopbackUpHere(file.toString());
            Netns.pinThisThread(file);
            return null;
        });
    }

    private static <T> T onOwnThread(String netns, String threadName, Work<T> work) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (TimeoutException e) {
            throw new IOException(threadName + " in " + netns + " timed out");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        }
    }

    /**
     * Brings the namespace's {@code lo} up, all that CNI's loopback plugin does at ADD (a new namespace
     * already has 127.0.0.1 and ::1 on it), without starting that plugin's process for every container.
     */
    static void loopbackUp(String netns) throws IOException {
        run(netns, "linnet-netns-lo", () -> {
            loopbackUpHere(netns);
            return null;
        });
    }

    /** Brings lo up in the calling thread's namespace ({@code netns} names it in errors). */
    private static void loopbackUpHere(String netns) throws IOException {
        int fd;
        try {
            fd = LibC.C.socket(AF_INET, SOCK_DGRAM_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("no socket in " + netns + ": errno " + e.getErrorCode());
        }
        try (Memory ifreq = new Memory(IFREQ_SIZE)) {
            ifreq.clear();
            ifreq.setString(0, "lo", "US-ASCII");
            LibC.C.ioctl(fd, SIOCGIFFLAGS, ifreq);
            ifreq.setShort(IFREQ_FLAGS, (short) (ifreq.getShort(IFREQ_FLAGS) | IFF_UP));
            LibC.C.ioctl(fd, SIOCSIFFLAGS, ifreq);
        } catch (LastErrorException e) {
            throw new IOException("cannot bring lo up in " + netns + ": errno " + e.getErrorCode());
        } finally {
            LibC.C.close(fd);
        }
    }

    private static void enter(String netns) throws IOException {
        int fd;
        try {
            fd = LibC.C.open(netns, O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + netns + ": errno " + e.getErrorCode());
        }
        try {
            LibC.C.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IOException("cannot enter " + netns + ": errno " + e.getErrorCode());
        } finally {
            LibC.C.close(fd);
        }
    }
}
