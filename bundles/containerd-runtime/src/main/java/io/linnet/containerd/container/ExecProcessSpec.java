package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.container.ExecCreate;

import java.util.ArrayList;
import java.util.List;

/**
 * The OCI process of an exec, as moby builds it: the container's own process (env, cwd, user,
 * capabilities, rlimits, no-new-privileges... from the spec stored in containerd) with the exec's
 * command, environment, working directory, user, TTY and privileges put over it.
 */
final class ExecProcessSpec {

    private ExecProcessSpec() {
    }

    /**
     * @param containerSpec the container's OCI spec
     * @param user          the resolved exec user, null to keep the container's
     * @param allCaps       every capability the kernel knows (for Privileged)
     */
    static ObjectNode build(JsonNode containerSpec, ExecCreate exec, ExecUser user, List<String> allCaps,
            int consoleHeight, int consoleWidth) {
        JsonNode base = containerSpec.path("process");
        ObjectNode process = base.isObject() ? ((ObjectNode) base).deepCopy() : JsonNodeFactory.instance.objectNode();
        ArrayNode args = process.putArray("args");
        exec.cmd().forEach(args::add);
        List<String> env = new ArrayList<>();
        process.path("env").forEach(e -> env.add(e.asText()));
        if (exec.tty()) {
            env.removeIf(e -> e.startsWith("TERM="));
            env.add("TERM=xterm"); // moby's daemon environment for a TTY exec
        }
        ArrayNode envOut = process.putArray("env");
        replaceOrAppend(env, exec.env()).forEach(envOut::add);
        if (!exec.workingDir().isEmpty()) {
            process.put("cwd", exec.workingDir());
        } else if (process.path("cwd").asText("").isEmpty()) {
            process.put("cwd", "/");
        }
        process.put("terminal", exec.tty());
        process.remove("consoleSize");
        if (exec.tty() && consoleHeight > 0 && consoleWidth > 0) {
            ObjectNode size = process.putObject("consoleSize");
            size.put("height", consoleHeight);
            size.put("width", consoleWidth);
        }
        if (user != null) {
            ObjectNode u = process.putObject("user");
            u.put("uid", user.uid());
            u.put("gid", user.gid());
            if (!user.additionalGids().isEmpty()) {
                ArrayNode gids = u.putArray("additionalGids");
                user.additionalGids().forEach(gids::add);
            }
        }
        if (exec.privileged()) {
            ObjectNode caps = process.putObject("capabilities");
            for (String set : List.of("bounding", "effective", "inheritable", "permitted")) {
                ArrayNode a = caps.putArray(set);
                allCaps.forEach(a::add);
            }
            process.remove("apparmorProfile");
        }
        return process;
    }

    /**
     * moby's ReplaceOrAppendEnvValues: a KEY=value overrides the same KEY, a bare KEY removes it,
     * anything else is appended.
     */
    static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
        List<String> out = new ArrayList<>(defaults);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                String e = out.get(i);
                if (e.equals(key) || e.startsWith(key + "=")) {
                    at = i;
                    break;
                }
            }
            if (eq < 0) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0) {
                out.set(at, o);
            } else {
                out.add(o);
            }
        }
        return out;
    }
}
