package io.linnet.http.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.image.ProgressSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Docker's JSON-lines progress stream (moby's jsonmessage): one object per line, flushed at once
 * so the docker CLI draws progress while the work runs.
 */
public final class JsonLines implements ProgressSink {
    /**
     * dockerd writes these lines from Go structs (jsonmessage, the push aux's Tag, Digest, Size), whose
     * fields keep their declared order: the maps given here are ordered so, and are not sorted.
     */
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);
    private static final byte[] NEWLINE = {'\r', '\n'};
    private final OutputStream out;
    private boolean started;

    public JsonLines(OutputStream out) {
        this.out = out;
    }

    /** Whether a line went out already (after that, errors can only be reported in-stream). */
    public synchronized boolean started() {
        return started;
    }

    @Override
    public void stream(String text) {
        write(JSON.createObjectNode().put("stream", text));
    }

    @Override
    public void status(String id, String status) {
        ObjectNode line = JSON.createObjectNode().put("status", status);
        if (id != null) {
            line.put("id", id);
        }
        write(line);
    }

    @Override
    public void progress(String id, String status, long current, long total) {
        ObjectNode line = JSON.createObjectNode().put("status", status);
        ObjectNode detail = line.putObject("progressDetail");
        detail.put("current", current);
        if (total > 0) {
            detail.put("total", total);
        }
        if (id != null) {
            line.put("id", id);
        }
        write(line);
    }

    @Override
    public void aux(Object value) {
        ObjectNode line = JSON.createObjectNode();
        line.putObject("progressDetail");
        line.set("aux", JSON.valueToTree(value));
        write(line);
    }

    /** The error line that ends a failed stream; the CLI prints it and exits non-zero. */
    public void error(String message) {
        message = SystemErrorText.asDockerd(message);
        ObjectNode line = JSON.createObjectNode();
        line.putObject("errorDetail").put("message", message);
        line.put("error", message);
        write(line);
    }

    /** Any other object as one line (e.g. {"aux": {...}}). */
    public void object(Object value) {
        write(JSON.valueToTree(value));
    }

    private synchronized void write(Object node) {
        try {
            // one write: each write is a chunk on the wire, and docker-py's JSON splitter fails on a
            // stream whose last chunk is the bare line end
            byte[] json = JSON.writeValueAsBytes(node);
            byte[] line = java.util.Arrays.copyOf(json, json.length + NEWLINE.length);
            System.arraycopy(NEWLINE, 0, line, json.length, NEWLINE.length);
            out.write(line);
            out.flush();
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException("client went away", e);
        }
    }
}
