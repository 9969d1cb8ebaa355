package io.linnet.containerd.image;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.Leases;
import io.linnet.containerd.proto.content.ContentGrpc;
import io.linnet.containerd.proto.content.Info;
import io.linnet.containerd.proto.content.InfoRequest;
import io.linnet.containerd.proto.content.ReadContentRequest;
import io.linnet.containerd.proto.content.ReadContentResponse;
import io.linnet.containerd.proto.content.UpdateRequest;
import io.linnet.containerd.proto.content.WriteAction;
import io.linnet.containerd.proto.content.WriteContentRequest;
import io.linnet.containerd.proto.content.WriteContentResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** containerd's content store: blobs written as streams (digest computed on the way), read as streams. */
final class ContentStore {

    static final int CHUNK = 1024 * 1024;
    private static final long WRITE_STEP_TIMEOUT_SECONDS = 120;

    private final ContainerdConnection containerd;

    ContentStore(ContainerdConnection containerd) {
        this.containerd = containerd;
    }

    /** A committed blob. */
    record Blob(String digest, long size) {
    }

    Optional<Info> info(String digest) {
        try {
            return Optional.of(containerd.blocking(ContentGrpc::newBlockingStub)
                    .info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Merges labels into a blob's labels. */
    void addLabels(String digest, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(key -> mask.addPaths("labels." + key));
        containerd.blocking(ContentGrpc::newBlockingStub).update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest).putAllLabels(labels))
                .setUpdateMask(mask).build());
    }

    Blob write(String leaseId, byte[] data, Map<String, String> labels) {
        try {
            return write(leaseId, new java.io.ByteArrayInputStream(data), data.length, labels, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams {@code in} to the end into a new blob under the lease (the blob may already exist:
     * then it is only read through and hashed). Never holds more than one chunk.
     *
     * @param total    the size when known, else -1
     * @param progress told the bytes read so far after each chunk, or null
     */
    Blob write(String leaseId, InputStream in, long total, Map<String, String> labels, LongConsumer progress)
            throws IOException {
        return write(leaseId, in, total, null, labels, progress);
    }

    /**
     * Writes a blob whose digest is known (a registry download): containerd computes the digest
     * and refuses the commit when it differs, so the daemon does not hash the bytes a second time
     * (SHA-256 in the daemon's C1-compiled JVM costs about 1 s per 100 MB).
     *
     * @throws DigestMismatchException when containerd computed another digest
     */
    Blob writeExpected(String leaseId, InputStream in, long total, String expected, Map<String, String> labels,
            LongConsumer progress) throws IOException {
        try {
            return write(leaseId, in, total, expected, labels, progress);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                    && String.valueOf(e.getStatus().getDescription()).contains("unexpected commit digest")) {
                throw new DigestMismatchException(expected, e);
            }
            throw e;
        }
    }

    /** The bytes written did not have the digest they were expected to have. */
    static final class DigestMismatchException extends IOException {
        DigestMismatchException(String expected, Throwable cause) {
            super("filesystem layer verification failed for digest " + expected, cause);
        }
    }

    private Blob write(String leaseId, InputStream in, long total, String expected, Map<String, String> labels,
            LongConsumer progress) throws IOException {
        MessageDigest sha = expected == null ? Digests.sha256() : null;
        Writer writer = new Writer(leaseId);
        byte[] buffer = new byte[CHUNK];
        long offset = 0;
        try {
            writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(writer.ref)
                    .setTotal(Math.max(total, 0)).build());
            while (true) {
                int filled = readFully(in, buffer);
                if (filled <= 0) {
                    break;
                }
                if (sha != null) {
                    sha.update(buffer, 0, filled);
                }
                writer.pipeline(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setOffset(offset)
                        .setData(ByteString.copyFrom(buffer, 0, filled)).build());
                offset += filled;
                if (progress != null) {
                    progress.accept(offset);
                }
            }
            writer.drain();
            String digest = sha != null ? Digests.format(sha.digest()) : expected;
            // The blob may exist already, unreferenced since its image went: tied to our lease before
            // the commit, the garbage collector cannot take it between containerd's "already exists"
            // and our use of it (a lease may name content that is not there yet).
            holdUnderLease(leaseId, digest);
            WriteContentResponse committed = writer.send(WriteContentRequest.newBuilder()
                    .setAction(WriteAction.COMMIT).setOffset(offset).setTotal(offset).setExpected(digest)
                    .putAllLabels(labels).build());
            if (committed != null && !committed.getDigest().isEmpty() && !committed.getDigest().equals(digest)) {
                throw new IllegalStateException("containerd committed " + committed.getDigest() + ", expected " + digest);
            }
            if (writer.existed) {
                if (info(digest).isEmpty()) {
                    throw new MissingContentException(digest);
                }
                addLabels(digest, labels);
            }
            return new Blob(digest, offset);
        } catch (RuntimeException | IOException e) {
            writer.cancel(e);
            throw e;
        } finally {
            writer.finish();
        }
    }

    /**
     * Ties a blob to a lease, then says whether it is there. In that order: content that nothing
     * references (its image was just removed) can be collected at any moment, also between a check
     * and a hold made after it; once held, a blob found is kept (a lease may name a missing blob).
     */
    boolean holdIfPresent(String leaseId, String digest) {
        holdUnderLease(leaseId, digest);
        return info(digest).isPresent();
    }

    private void holdUnderLease(String leaseId, String digest) {
        if (leaseId == null || leaseId.isEmpty()) {
            return;
        }
        containerd.blocking(io.linnet.containerd.proto.leases.LeasesGrpc::newBlockingStub).addResource(
                io.linnet.containerd.proto.leases.AddResourceRequest.newBuilder().setId(leaseId)
                        .setResource(io.linnet.containerd.proto.leases.Resource.newBuilder().setId(digest)
                                .setType("content"))
                        .build());
    }

    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    /** A blob's bytes, for small JSON documents only. */
    byte[] readBytes(String digest, long limit) {
        Info info = info(digest).orElseThrow(() -> new MissingContentException(digest));
        if (info.getSize() > limit) {
            throw new IllegalStateException("blob " + digest + " is " + info.getSize() + " bytes, more than " + limit);
        }
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob as a stream (flow-controlled by grpc: one message at a time); close it to cancel. */
    InputStream open(String digest) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        Iterator<ReadContentResponse> responses;
        try {
            responses = containerd.async(ContentGrpc::newBlockingStub)
                    .read(ReadContentRequest.newBuilder().setDigest(digest).build());
        } finally {
            context.detach(previous);
        }
        return new InputStream() {
            private ByteString current = ByteString.EMPTY;
            private int position;

            private boolean fill() {
                while (position >= current.size()) {
                    if (!responses.hasNext()) {
                        return false;
                    }
                    current = responses.next().getData();
                    position = 0;
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                try {
                    return fill() ? current.byteAt(position++) & 0xff : -1;
                } catch (StatusRuntimeException e) {
                    throw new IOException("reading " + digest + " from containerd: " + e.getStatus(), e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                try {
                    if (!fill()) {
                        return -1;
                    }
                } catch (StatusRuntimeException e) {
                    throw new IOException("reading " + digest + " from containerd: " + e.getStatus(), e);
                }
                int n = Math.min(len, current.size() - position);
                current.copyTo(b, position, off, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                context.cancel(null);
            }
        };
    }

    /** The lock-step Write stream: each request message gets exactly one response. */
    private final class Writer {
        private static final Object DONE = new Object();
        private static final int WINDOW = 4;
        final String ref = "linnet-" + UUID.randomUUID();
        private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
        private final StreamObserver<WriteContentRequest> requests;
        boolean existed;
        private boolean closed;

        Writer(String leaseId) {
            requests = Leases.under(leaseId, containerd.async(ContentGrpc::newStub)).write(new StreamObserver<>() {
                @Override
                public void onNext(WriteContentResponse value) {
                    responses.add(value);
                }

                @Override
                public void onError(Throwable t) {
                    responses.add(t);
                }

                @Override
                public void onCompleted() {
                    responses.add(DONE);
                }
            });
        }

        /** WRITE requests sent whose answers were not read yet. */
        private int inFlight;

        /**
         * Sends a WRITE without waiting for its answer while fewer than {@value #WINDOW} are
         * unanswered: the next chunk is read from the network while containerd writes this one
         * (lock-step costs a round trip per chunk). Memory stays bounded by the window.
         */
        void pipeline(WriteContentRequest request) {
            if (existed) {
                return;
            }
            requests.onNext(request);
            inFlight++;
            while (inFlight >= WINDOW && !existed) {
                inFlight--;
                await();
            }
        }

        /** Reads the answers of every pipelined WRITE (before a COMMIT). */
        void drain() {
            while (inFlight > 0 && !existed) {
                inFlight--;
                await();
            }
            inFlight = 0;
        }

        /** Null once the blob turned out to exist already (the rest is only hashed). */
        WriteContentResponse send(WriteContentRequest request) {
            if (existed) {
                return null;
            }
            requests.onNext(request);
            return await();
        }

        private WriteContentResponse await() {
            Object answer;
            try {
                answer = responses.poll(WRITE_STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to containerd", e);
            }
            if (answer instanceof WriteContentResponse response) {
                return response;
            }
            closed = true;
            if (answer instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                existed = true;
                return null;
            }
            if (answer instanceof RuntimeException e) {
                throw e;
            }
            if (answer instanceof Throwable t) {
                throw new IllegalStateException("containerd content write failed: " + t.getMessage(), t);
            }
            throw new IllegalStateException(answer == null ? "containerd did not answer a content write in time"
                    : "containerd ended the content write early");
        }

        void cancel(Throwable cause) {
            if (!closed) {
                closed = true;
                requests.onError(Status.CANCELLED.withDescription("aborted: " + cause.getMessage()).asRuntimeException());
            }
        }

        void finish() {
            if (!closed) {
                closed = true;
                requests.onCompleted();
            }
        }
    }

    /** A blob an image needs is not in the content store. */
    static final class MissingContentException extends RuntimeException {
        MissingContentException(String digest) {
            super("content " + digest + " not found");
        }
    }
}
