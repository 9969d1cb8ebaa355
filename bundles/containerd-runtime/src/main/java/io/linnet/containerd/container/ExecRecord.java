package io.linnet.containerd.container;

import io.linnet.engine.api.container.ExecCreate;
import io.linnet.engine.api.container.ExecInfo;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The daemon's memory of one exec instance; its state fields are guarded by the record itself. */
final class ExecRecord {
    final String id;
    final String containerId;
    final ExecCreate request;
    /** name, image and labels of the container, for events */
    final Map<String, String> eventAttributes;
    /** completes once Tasks.Start answered (or failed): resizes wait for it, as dockerd's */
    final CompletableFuture<Void> started = new CompletableFuture<>();

    private boolean running;
    private boolean begun;
    private Integer exitCode;
    private int pid;
    private boolean canRemove;

    ExecRecord(String id, String containerId, ExecCreate request, Map<String, String> eventAttributes) {
        this.id = id;
        this.containerId = containerId;
        this.request = request;
        this.eventAttributes = Map.copyOf(eventAttributes);
    }

    synchronized boolean begun() {
        return begun;
    }

    synchronized boolean running() {
        return running;
    }

    synchronized Integer exitCode() {
        return exitCode;
    }

    /** Marks it started; false when it was started before. */
    synchronized boolean begin() {
        if (begun) {
            return false;
        }
        begun = true;
        running = true;
        return true;
    }

    synchronized void pid(int pid) {
        this.pid = pid;
    }

    synchronized void exited(int code) {
        running = false;
        exitCode = code;
    }

    /** One round of dockerd's exec GC: true when it should be forgotten now, else marked for the next round. */
    synchronized boolean collectable(boolean live) {
        if (canRemove) {
            return true;
        }
        if (!live) {
            canRemove = true;
        }
        return false;
    }

    /** Command as dockerd's events name it: entrypoint and arguments joined by spaces. */
    String commandLine() {
        return String.join(" ", request.cmd());
    }

    synchronized ExecInfo info() {
        var cmd = request.cmd();
        return new ExecInfo(id, containerId, running, exitCode, pid, cmd.isEmpty() ? "" : cmd.get(0),
                cmd.size() > 1 ? cmd.subList(1, cmd.size()) : java.util.List.of(), request.tty(), request.privileged(),
                request.user(), request.attachStdin(), request.attachStdout(), request.attachStderr(), canRemove,
                request.detachKeys());
    }
}
