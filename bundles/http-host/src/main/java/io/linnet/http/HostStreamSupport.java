package io.linnet.http;

import io.linnet.engine.api.UnavailableException;
import io.linnet.http.stream.Hijack;
import io.linnet.http.stream.StreamSupport;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Gives each request the {@link StreamSupport} that {@link Hijack} and the chunked streams use: a
 * small object holding the Jetty core {@link Request}, left in the request properties, so endpoint
 * bundles need no Jetty types. {@link ServedApplication} hands the request over on its thread (Jersey
 * runs pre-matching filters on the thread that called it); looking it up in request scope through
 * HK2 cost 7 % of a {@code /_ping}'s CPU.
 */
@PreMatching
@Priority(100)
final class HostStreamSupport implements ContainerRequestFilter {
    /** How long a closed session waits for the client to close its side before closing anyway. */
    static final long CLOSE_GRACE_MS = 5_000;

    /** The Jetty request being handed to Jersey on this thread; set by {@link ServedApplication}. */
    static final ThreadLocal<Request> HANDED_OVER = new ThreadLocal<>();

    private final Hijacks hijacks;
    private final HostStopActions stopActions;

    HostStreamSupport(Hijacks hijacks, HostStopActions stopActions) {
        this.hijacks = hijacks;
        this.stopActions = stopActions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Request jetty = HANDED_OVER.get();
        if (jetty != null) {
            request.setProperty(StreamSupport.PROPERTY, new Support(jetty, hijacks, stopActions));
        }
    }

    private static final class Support implements StreamSupport {
        private final Request request;
        private final Hijacks hijacks;
        private final HostStopActions stopActions;
        private boolean idleTimeoutSuspended;

        Support(Request request, Hijacks hijacks, HostStopActions stopActions) {
            this.request = request;
            this.hijacks = hijacks;
            this.stopActions = stopActions;
        }

        @Override
        public Runnable onHostStop(Runnable action) {
            return stopActions.add(action);
        }

        @Override
        public synchronized void hijack(boolean multiplexed, Hijack.Session session) {
            if (request.getAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE) != null) {
                throw new IllegalStateException("the connection is taken over already");
            }
            if (!hijacks.tryReserve()) {
                throw new UnavailableException("too many attach and exec sessions; try again later");
            }
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            HijackConnection connection = new HijackConnection(endPoint, request.getComponents().getExecutor(),
                    hijacks, multiplexed, session);
            request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
            AtomicBoolean abandoned = new AtomicBoolean();
            request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
                @Override
                public void send(MetaData.Request req, MetaData.Response response, boolean last, ByteBuffer content,
                        Callback callback) {
                    if (response != null) {
                        int status = response.getStatus();
                        if (status == HttpStatus.SWITCHING_PROTOCOLS_101) {
                            // dockerd's status line, word for word
                            response = new MetaData.Response(status, "UPGRADED", response.getHttpVersion(),
                                    response.getHttpFields(), response.getContentLength(),
                                    response.getTrailersSupplier());
                        } else if (status == HttpStatus.OK_200) {
                            // No length and no chunking: the raw stream that follows ends when
                            // the connection closes (Connection: close), as dockerd's does.
                            HttpFields fields = HttpFields.build(response.getHttpFields())
                                    .remove(HttpHeader.CONTENT_LENGTH)
                                    .remove(HttpHeader.TRANSFER_ENCODING);
                            response = new MetaData.Response(status, response.getReason(), response.getHttpVersion(),
                                    fields, -1, response.getTrailersSupplier());
                            if (last && BufferUtil.isEmpty(content)) {
                                last = false; // the last send would give the empty body a length
                            }
                        } else {
                            // An error answered instead of the takeover: stay HTTP.
                            request.removeAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE);
                            if (abandoned.compareAndSet(false, true)) {
                                connection.abandon();
                            }
                        }
                    }
                    super.send(req, response, last, content, callback);
                }

                @Override
                public void failed(Throwable x) {
                    if (abandoned.compareAndSet(false, true)) {
                        connection.abandon();
                    }
                    super.failed(x);
                }
            });
        }

        @Override
        public void abort() {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
        }

        @Override
        public void onClientGone(Runnable action) {
            // The watch reads from the connection, so it cannot carry a next request: close it after.
            request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
                @Override
                public void send(MetaData.Request req, MetaData.Response response, boolean last, ByteBuffer content,
                        Callback callback) {
                    if (response != null) {
                        HttpFields.Mutable fields = HttpFields.build(response.getHttpFields())
                                .put(HttpHeader.CONNECTION, "close");
                        if (response.getContentLength() < 0) {
                            // still chunked (Jetty would send a closing body raw): clients rely on it
                            fields.put(HttpHeader.TRANSFER_ENCODING, "chunked");
                        }
                        response = new MetaData.Response(response.getStatus(), response.getReason(),
                                response.getHttpVersion(), fields, response.getContentLength(),
                                response.getTrailersSupplier());
                    }
                    super.send(req, response, last, content, callback);
                }
            });
            ClientGoneWatch.arm(request.getConnectionMetaData().getConnection().getEndPoint(), action);
        }

        @Override
        public synchronized void suspendIdleTimeout() {
            if (idleTimeoutSuspended) {
                return;
            }
            idleTimeoutSuspended = true;
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            long previous = endPoint.getIdleTimeout();
            endPoint.setIdleTimeout(0);
            request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
                @Override
                public void succeeded() {
                    endPoint.setIdleTimeout(previous); // the connection may serve more requests
                    super.succeeded();
                }
            });
        }
    }
}
