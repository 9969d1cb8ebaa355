package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a CNI plugin list as the CNI spec (1.0) says: each plugin of the list with CNI_* variables,
 * its configuration on stdin (cniVersion, name, prevResult and runtimeConfig added), the result on
 * stdout. ADD runs the plugins in order, chaining results; DEL runs them in reverse with the cached
 * ADD result.
 */
final class CniPlugins {

    static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private final Path pluginDir;

    CniPlugins(Path pluginDir) {
        this.pluginDir = pluginDir;
    }

    /** @return the final result (JSON) */
    JsonNode add(JsonNode conflist, String containerId, String netns, String ifname, JsonNode runtimeConfig)
            throws CniException {
        JsonNode prev = null;
        for (JsonNode plugin : conflist.path("plugins")) {
            if (!passesThrough(plugin, runtimeConfig)) {
                prev = run("ADD", pluginConfig(conflist, plugin, prev, runtimeConfig), containerId, netns, ifname);
            }
        }
        return prev;
    }

    /**
     * portmap without port mappings hands its previous result on and makes no rule (nor removes one at
     * DEL): most containers publish nothing, and skipping it saves two process starts per container.
     */
    static boolean passesThrough(JsonNode plugin, JsonNode runtimeConfig) {
        return plugin.path("type").asText().equals("portmap")
                && (runtimeConfig == null || runtimeConfig.path("portMappings").isEmpty());
    }

    /** Deletes in reverse order; failures of single plugins are collected, the others still run. */
    void del(JsonNode conflist, String containerId, String netns, String ifname, JsonNode runtimeConfig,
            JsonNode prevResult) throws CniException {
        List<JsonNode> plugins = new java.util.ArrayList<>();
        conflist.path("plugins").forEach(p -> {
            if (!passesThrough(p, runtimeConfig)) {
                plugins.add(p);
            }
        });
        java.util.Collections.reverse(plugins);
        CniException first = null;
        for (JsonNode plugin : plugins) {
            try {
                run("DEL", pluginConfig(conflist, plugin, prevResult, runtimeConfig), containerId, netns, ifname);
            } catch (CniException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One plugin of a list, with its configuration as {@link #pluginConfig} makes it. */
    JsonNode run(String command, JsonNode config, String containerId, String netns, String ifname) throws CniException {
        String type = config.path("type").asText();
        Path binary = pluginDir.resolve(type);
        if (!type.matches("[a-z0-9-]+") || !Files.isExecutable(binary)) {
            throw new CniException("failed to find plugin \"" + type + "\" in path [" + pluginDir + "]");
        }
        ProcessBuilder pb = new ProcessBuilder(binary.toString());
        var env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns == null ? "" : netns);
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_PATH", pluginDir.toString());
        pb.redirectErrorStream(false);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(config));
            }
            byte[] out;
            try (InputStream stdout = p.getInputStream()) {
                out = stdout.readNBytes(1 << 20); // results are small; bounded
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CniException("plugin " + type + " " + command + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                String msg = text;
                try {
                    JsonNode err = JSON.readTree(text);
                    msg = err.path("msg").asText(text);
                    if (!err.path("details").asText("").isEmpty()) {
                        msg += ": " + err.path("details").asText();
                    }
                } catch (IOException ignored) {
                    // not JSON: the raw text
                }
                throw new CniException("plugin type=\"" + type + "\" failed (" + command.toLowerCase() + "): " + msg);
            }
            return text.isEmpty() ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new CniException("plugin " + type + " " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException("interrupted running plugin " + type);
        }
    }

    /** The plugin's own configuration, plus what the list and the runtime add. */
    static JsonNode pluginConfig(JsonNode conflist, JsonNode plugin, JsonNode prevResult, JsonNode runtimeConfig) {
        ObjectNode c = plugin.deepCopy();
        c.put("cniVersion", conflist.path("cniVersion").asText("1.0.0"));
        c.put("name", conflist.path("name").asText());
        if (prevResult != null) {
            c.set("prevResult", prevResult);
        }
        if (runtimeConfig != null) {
            ObjectNode rc = JSON.createObjectNode();
            // only what the plugin declares a capability for (libcni's rule)
            plugin.path("capabilities").fields().forEachRemaining(cap -> {
                if (cap.getValue().asBoolean() && runtimeConfig.has(cap.getKey())) {
                    rc.set(cap.getKey(), runtimeConfig.get(cap.getKey()));
                }
            });
            if (!rc.isEmpty()) {
                c.set("runtimeConfig", rc);
            }
        }
        return c;
    }

    static final class CniException extends Exception {
        CniException(String message) {
            super(message);
        }
    }
}
