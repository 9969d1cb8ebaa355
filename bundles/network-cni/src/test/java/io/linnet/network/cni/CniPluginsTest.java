package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniPluginsTest {
    @TempDir
    Path dir;

    @Test
    void portmapRunsOnlyForAContainerThatPublishesPorts() throws Exception {
        for (String type : List.of("bridge", "portmap", "firewall")) {
            Path plugin = dir.resolve(type);
            // each plugin notes its call and hands on a result, as the real ones do
            Files.writeString(plugin, "#!/bin/sh\ncat > /dev/null\necho \"$CNI_COMMAND " + type + "\" >> " + dir.resolve("calls")
                    + "\necho '{\"cniVersion\":\"1.0.0\"}'\n");
            Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        JsonNode conflist = CniPlugins.JSON.readTree("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":["
                + "{\"type\":\"bridge\"},{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}},"
                + "{\"type\":\"firewall\"}]}");
        CniPlugins plugins = new CniPlugins(dir);
        JsonNode none = CniPlugins.JSON.readTree("{\"portMappings\":[]}");
        JsonNode one = CniPlugins.JSON.readTree(
                "{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}");

        plugins.add(conflist, "c1", "", "eth0", none);
        plugins.del(conflist, "c1", "", "eth0", none, null);
        plugins.add(conflist, "c2", "", "eth0", one);
        plugins.del(conflist, "c2", "", "eth0", one, null);

        assertEquals(List.of("ADD bridge", "ADD firewall", "DEL firewall", "DEL bridge",
                "ADD bridge", "ADD portmap", "ADD firewall", "DEL firewall", "DEL portmap", "DEL bridge"),
                Files.readAllLines(dir.resolve("calls")));
    }
}
