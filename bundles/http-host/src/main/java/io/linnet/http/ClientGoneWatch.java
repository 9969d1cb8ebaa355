package io.linnet.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that closed its connection while a long response (events, logs -f) is being
 * written, without writing anything: Jetty does not read a connection while it answers it, so
 * this arms a read of its own, and end-of-stream (or a failed connection) means the client left.
 * dockerd learns the same from Go's background read. Clients send nothing else on a connection
 * until its streaming response has ended.
 */
final class ClientGoneWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGoneWatch.class);

    private ClientGoneWatch() {
    }

    /** @return false when the connection was being read already (then nothing is watched) */
    static boolean arm(EndPoint endPoint, Runnable clientGone) {
        return endPoint.tryFillInterested(new Callback() {
            @Override
            public void succeeded() {
                ByteBuffer one = BufferUtil.allocate(1);
                int read;
                try {
                    read = endPoint.fill(one);
                } catch (IOException e) {
                    read = -1;
                }
                if (read < 0) {
                    clientGone.run();
                } else if (read > 0) {
                    // not expected from Docker clients: give up watching rather than eat a request
                    LOG.debug("client sent data during a streaming response; no longer watching it");
                } else {
                    arm(endPoint, clientGone);
                }
            }

            @Override
            public void failed(Throwable x) {
                clientGone.run();
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        });
    }
}
