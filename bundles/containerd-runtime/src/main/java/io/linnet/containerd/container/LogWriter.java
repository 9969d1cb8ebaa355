package io.linnet.containerd.container;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's log writer: {@code libexec/linnet-log}, a small native process per running task that
 * reads the task's output FIFOs and writes the json-file log, in a session of its own so it
 * outlives the daemon (a daemon killed at any moment loses no line; the next one finds the writer
 * still at work). It serves the raw output to attached clients on a UNIX socket, and tells a
 * waiting daemon when the output has ended and the log is written (end-of-file on the socket).
 */
final class LogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final Path binary;
    private final Path dir;

    /**
     * @param binary the linnet-log executable
     * @param dir    where the writers' sockets go ({@code <execRoot>/logs}: short, UNIX socket paths are
     *               limited to 108 bytes)
     */
    LogWriter(Path binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
    }

    /** The shipped writer: {@code <linnet.home>/libexec/linnet-log}. */
    static Path shippedBinary() {
        return Path.of(System.getProperty("linnet.home", "/usr/lib/linnet"), "libexec", "linnet-log");
    }

    /** The socket of container {@code id}'s writer (a prefix of the id keeps the path short). */
    Path socket(String id) {
        return dir.resolve(id.substring(0, Math.min(32, id.length())) + ".sock");
    }

    private Path errors(String id) {
        return dir.resolve(id.substring(0, Math.min(32, id.length())) + ".err");
    }

    /**
     * Starts the writer for a task's FIFOs and returns once it listens (before the task exists).
     *
     * @param log null for the "none" driver: output reaches attached clients, nothing is kept
     */
    void start(String id, Fifos fifos, Path log, LogSettings settings) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--socket", socket(id).toString(),
                "--stdout", fifos.stdout().toString()));
        if (fifos.stderr() != null) {
            command.addAll(List.of("--stderr", fifos.stderr().toString()));
        }
        if (log != null && settings.keeps()) {
            ContainerFilesDir.create(log.getParent());
            command.addAll(List.of("--log", log.toString()));
            if (settings.maxSize() > 0) {
                command.addAll(List.of("--max-size", String.valueOf(settings.maxSize()),
                        "--max-file", String.valueOf(settings.maxFiles())));
            }
        }
        Process process = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.appendTo(errors(id).toFile())).start();
        try (InputStream ready = process.getInputStream()) {
            byte[] line = ready.readNBytes(6);
            if (!"ready\n".equals(new String(line, StandardCharsets.US_ASCII))) {
                process.destroyForcibly();
                throw new IOException("the log writer of container " + id + " did not start: " + errorText(id));
            }
        } finally {
            process.getOutputStream().close();
        }
        LOG.debug("container {}: log writer {} started", id, process.pid());
    }

    /** Whether a writer serves container {@code id} (one that outlived the previous daemon). */
    boolean running(String id) {
        try (SocketChannel ignored = connect(id)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A connection that receives the output from now on, as attach frames (see linnet-log.c). */
    SocketChannel connect(String id) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket(id)));
            ByteBuffer hello = ByteBuffer.allocate(1);
            while (hello.hasRemaining()) {
                if (channel.read(hello) < 0) {
                    throw new IOException("the log writer of container " + id + " ended");
                }
            }
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Waits until the writer has written all the task's output and ended.
     *
     * @return false when it had not ended within the timeout
     */
    boolean awaitEnd(String id, Duration timeout) {
        try (SocketChannel channel = connect(id); Selector selector = Selector.open()) {
            channel.write(ByteBuffer.wrap(new byte[] {'W'}));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer discard = ByteBuffer.allocate(8192);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                discard.clear();
                int n;
                try {
                    n = channel.read(discard);
                } catch (IOException reset) {
                    return true;
                }
                if (n < 0) {
                    return true;
                }
            }
        } catch (IOException notRunning) {
            return true; // no writer listens: it has ended (or never started)
        }
    }

    /** After the task's end: what the writer reported, if anything, goes into the daemon's log. */
    void cleanUp(String id) {
        String text = errorText(id);
        if (!text.isBlank()) {
            LOG.warn("container {}: log writer: {}", id, text.strip());
        }
        try {
            Files.deleteIfExists(errors(id));
        } catch (IOException ignored) {
            // tmpfs: gone with the exec root
        }
    }

    private String errorText(String id) {
        try {
            return Files.exists(errors(id)) ? Files.readString(errors(id)) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
