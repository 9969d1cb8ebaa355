package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.NotFoundException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerNetsTest {

    @TempDir
    Path dir;

    private static ContainerNet container(String id, String name, String mode) {
        ContainerNet n = new ContainerNet();
        n.id = id;
        n.name = name;
        n.networkMode = mode;
        return n;
    }

    private static List<String> ids(List<ContainerNet> list) {
        return list.stream().map(n -> n.id).sorted().toList();
    }

    @Test
    void aNetworksContainersAreFoundByRequestEndpointAndModeAsLastSaved() {
        ContainerNets nets = new ContainerNets(dir, NetworkStore.mapper());
        ContainerNet a = container("aaaa1", "/a", "default");
        a.networks.put("net1", new ContainerNet.Request());
        nets.save(a);
        ContainerNet b = container("bbbb2", "/b", "host");
        nets.save(b);
        ContainerNet c = container("cccc3", "/c", "default");
        c.endpoints.put("net1", new ContainerNet.Endpoint());
        nets.save(c);
        assertEquals(List.of("aaaa1", "cccc3"), ids(nets.onNetwork("net1")));
        assertEquals(List.of("bbbb2"), ids(nets.onNetwork("host")));
        assertEquals(List.of(), ids(nets.onNetwork("net2")));

        a.networks.clear();
        a.networks.put("net2", new ContainerNet.Request());
        nets.save(a);
        assertEquals(List.of("cccc3"), ids(nets.onNetwork("net1")), "a stale key is dropped on save");
        assertEquals(List.of("aaaa1"), ids(nets.onNetwork("net2")));

        nets.remove("cccc3");
        assertEquals(List.of(), ids(nets.onNetwork("net1")));
        assertEquals(List.of("aaaa1"), ids(new ContainerNets(dir, NetworkStore.mapper()).onNetwork("net2")),
                "indexed again from the state files");
    }

    @Test
    void containersAreFoundByIdNameAndUniquePrefix() {
        ContainerNets nets = new ContainerNets(dir, NetworkStore.mapper());
        ContainerNet a = container("abc123", "/web", "default");
        nets.save(a);
        nets.save(container("abd456", "/api", "default"));
        assertSame(a, nets.find("abc123"));
        assertSame(a, nets.find("web"));
        assertSame(a, nets.find("/web"));
        assertSame(a, nets.find("abc"));
        assertEquals("No such container: ab", assertThrows(NotFoundException.class, () -> nets.find("ab")).getMessage());
        nets.remove("abc123");
        assertEquals("No such container: web",
                assertThrows(NotFoundException.class, () -> nets.find("web")).getMessage());
    }
}
