package io.linnet.containerd.container;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One attached client's connection to its container's log writer: a thread reads the writer's
 * frames (stream byte, three zero bytes, big-endian length, payload) and hands the wanted streams
 * to the client's sink; the attachment is done at end-of-file (the output ended and was written)
 * or when the client stops taking output.
 */
final class AttachTap {

    private static final Logger LOG = LoggerFactory.getLogger(AttachTap.class);

    private AttachTap() {
    }

    static void start(String id, SocketChannel channel, ContainerHandle.Output output) {
        output.tap().set(channel);
        Thread t = new Thread(() -> run(id, channel, output), "attach-" + id.substring(0, Math.min(12, id.length())));
        t.setDaemon(true);
        t.start();
    }

    private static void run(String id, SocketChannel channel, ContainerHandle.Output output) {
        ByteBuffer header = ByteBuffer.allocate(8);
        try (channel) {
            while (!output.done().isDone()) {
                header.clear();
                if (!fill(channel, header)) {
                    return;
                }
                int length = header.getInt(4);
                ByteBuffer payload = ByteBuffer.allocate(length);
                if (!fill(channel, payload)) {
                    return;
                }
                String stream = header.get(0) == 2 ? "stderr" : "stdout";
                boolean wanted = "stdout".equals(stream) ? output.stdout() : output.stderr();
                if (wanted && !output.sink().accept(stream, System.currentTimeMillis() * 1_000_000L, payload.array())) {
                    return; // the client is gone
                }
            }
        } catch (IOException e) {
            LOG.debug("container {}: attachment ended: {}", id, e.toString());
        } finally {
            output.done().complete(null);
        }
    }

    /** Reads until {@code buffer} is full; false at end-of-file. */
    private static boolean fill(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
