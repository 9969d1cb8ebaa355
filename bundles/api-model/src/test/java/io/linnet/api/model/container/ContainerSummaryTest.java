package io.linnet.api.model.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ContainerSummaryTest {

    @ParameterizedTest
    @ValueSource(strings = {"list-minimal-v1.41.json", "list-full-size-v1.41.json"})
    void roundTripsDockerdList(String name) throws Exception {
        JsonNode golden = Golden.read(name);
        ContainerSummary[] list = Golden.JSON.treeToValue(golden, ContainerSummary[].class);
        assertEquals(golden, Golden.tree(list));
    }

    @Test
    void omitsZeroSizes() {
        JsonNode full = Golden.read("list-full-size-v1.41.json").get(0);
        assertFalse(full.has("SizeRw"), "dockerd leaves SizeRw 0 out even with size=1");
        assertTrue(full.has("SizeRootFs"));
        JsonNode plain = Golden.tree(Golden.read("list-minimal-v1.41.json").get(0));
        assertFalse(plain.has("SizeRootFs"));
    }

    @Test
    void commandQuotesArgumentsWithSpaces() {
        assertEquals("sh -c 'echo hi'", ContainerSummary.command("sh", List.of("-c", "echo hi")));
        assertEquals("sh", ContainerSummary.command("sh", List.of()));
        JsonNode full = Golden.read("list-full-size-v1.41.json").get(0);
        assertEquals(full.get("Command").asText(), ContainerSummary.command("sh", List.of("-c", "echo hi")));
    }

    @Test
    void portsFromNetworkSettings() throws Exception {
        Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
        ports.put("80/tcp", List.of(new PortBinding("0.0.0.0", "8080"), new PortBinding("::", "8080")));
        ports.put("53/udp", null);
        assertEquals("[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
                + "{\"IP\":\"::\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
                + "{\"PrivatePort\":53,\"Type\":\"udp\"}]",
                Golden.JSON.writeValueAsString(ContainerSummary.ports(ports)));
    }

    @Test
    void summaryNetworksDropLinksAliasesAndDriverOpts() {
        EndpointSettings e = new EndpointSettings(new EndpointSettings.IpamConfig("10.0.0.5", "", List.of("fe80::1")),
                List.of("a:b"), List.of("al"), "nid", "eid", "10.0.0.1", "10.0.0.5", 24, "", "", 0,
                "02:42:0a:00:00:05", Map.of("k", "v"));
        JsonNode t = Golden.tree(ContainerSummary.summaryNetworks(Map.of("n", e)));
        JsonNode n = t.get("Networks").get("n");
        assertEquals("{\"IPv4Address\":\"10.0.0.5\"}", n.get("IPAMConfig").toString());
        assertTrue(n.get("Links").isNull() && n.get("Aliases").isNull() && n.get("DriverOpts").isNull());
        assertEquals("nid", n.get("NetworkID").asText());
    }
}
