package io.linnet.api.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.exec.ExecInspect;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.ExecInfo;

import java.io.IOException;
import java.util.List;

/** Docker's exec JSON to and from the engine's types. */
final class ExecViews {
    static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private ExecViews() {
    }

    static <T> T read(byte[] body, Class<T> type) {
        T value = io.linnet.api.model.ApiJson.readBody(JSON, body, type);
        return value != null ? value : io.linnet.api.model.ApiJson.readBody(JSON, "{}".getBytes(), type);
    }

    static ExecInspect inspect(ExecInfo e) {
        return new ExecInspect(e.id(), e.running(), e.exitCode(), new ExecInspect.ProcessConfig(e.tty(),
                e.entrypoint(), e.arguments(), e.privileged(), e.user()), e.openStdin(), e.openStderr(),
                e.openStdout(), e.canRemove(), e.containerId(), e.detachKeys(), e.pid());
    }

    /** ConsoleSize [height, width]; zeros when absent. */
    static int[] consoleSize(List<Integer> size) {
        if (size == null || size.size() != 2 || size.get(0) == null || size.get(1) == null) {
            return new int[] {0, 0};
        }
        return new int[] {size.get(0), size.get(1)};
    }
}
