package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.api.model.container.HostConfig;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnknownException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Legacy links as dockerd makes them; the expected values were read from dockerd 20.10 (moby 24's code agrees). */
class LegacyLinksTest {

    @Test
    void envIsMobysForEachPortTheNameAndTheEnvironmentButHomeAndPath() {
        // docker run -d --name db -e DBV=1 -e PATH=/bin -e HOME=/x --expose 5432 --expose 5433 --expose 6000/udp
        List<String> env = LegacyLinks.env("/web/dbalias", "172.17.0.2", List.of("DBV=1", "PATH=/bin", "HOME=/x",
                "IMGV=img"), List.of("6000/udp", "5433/tcp", "5432/tcp"));
        assertEquals(List.of("DBALIAS_PORT=tcp://172.17.0.2:5432",
                "DBALIAS_PORT_5432_TCP=tcp://172.17.0.2:5432", "DBALIAS_PORT_5432_TCP_ADDR=172.17.0.2",
                "DBALIAS_PORT_5432_TCP_PORT=5432", "DBALIAS_PORT_5432_TCP_PROTO=tcp",
                "DBALIAS_PORT_5433_TCP=tcp://172.17.0.2:5433", "DBALIAS_PORT_5433_TCP_ADDR=172.17.0.2",
                "DBALIAS_PORT_5433_TCP_PORT=5433", "DBALIAS_PORT_5433_TCP_PROTO=tcp",
                "DBALIAS_PORT_6000_UDP=udp://172.17.0.2:6000", "DBALIAS_PORT_6000_UDP_ADDR=172.17.0.2",
                "DBALIAS_PORT_6000_UDP_PORT=6000", "DBALIAS_PORT_6000_UDP_PROTO=udp",
                "DBALIAS_NAME=/web/dbalias", "DBALIAS_ENV_DBV=1", "DBALIAS_ENV_IMGV=img"), env);
    }

    @Test
    void threePortsInARowAreAlsoARangeAndDashesBecomeUnderscores() {
        List<String> env = LegacyLinks.env("/web/my-db", "10.0.0.2", List.of(), List.of("80", "81/tcp", "82/tcp"));
        assertEquals(List.of("MY_DB_PORT=tcp://10.0.0.2:80",
                "MY_DB_PORT_80_TCP_START=tcp://10.0.0.2:80", "MY_DB_PORT_80_TCP_ADDR=10.0.0.2",
                "MY_DB_PORT_80_TCP_PROTO=tcp", "MY_DB_PORT_80_TCP_PORT_START=80",
                "MY_DB_PORT_80_TCP_END=tcp://10.0.0.2:82", "MY_DB_PORT_80_TCP_PORT_END=82"), env.subList(0, 7));
        assertEquals("MY_DB_NAME=/web/my-db", env.get(env.size() - 1));
    }

    @Test
    void parseTakesNameAliasABareNameAndInspectsForm() {
        assertEquals(Map.of("dbalias", "db", "db", "db", "x", "other", "y", "/y"),
                LegacyLinks.parse(List.of("db:dbalias", "db", "/other:/web/x", "/y")));
        UnknownException bad = assertThrows(UnknownException.class, () -> LegacyLinks.parse(List.of("a:b:c")));
        assertEquals("bad format for links: a:b:c", bad.getMessage());
    }

    @Test
    void resolveRefusesMissingAndHostNetworkContainersAndSkipsUserNetworks() {
        Map<String, Container> byName = Map.of("db", record("id-db", "default"), "hostnet", record("id-h", "host"),
                "joiner", record("id-j", "container:db"));
        java.util.function.Function<String, Container> find = n -> {
            Container c = byName.get(n);
            if (c == null) {
                throw new NotFoundException("No such container: " + n);
            }
            return c;
        };
        assertEquals(Map.of("d", "id-db", "j", "id-db"),
                LegacyLinks.resolve(host("default", "db:d", "joiner:j"), find));
        InvalidParameterException missing = assertThrows(InvalidParameterException.class,
                () -> LegacyLinks.resolve(host("default", "nosuch:al"), find));
        assertEquals("could not get container for nosuch: No such container: nosuch", missing.getMessage());
        InvalidParameterException hostNet = assertThrows(InvalidParameterException.class,
                () -> LegacyLinks.resolve(host("bridge", "hostnet:h"), find));
        assertEquals("conflicting options: host type networking can't be used with links. This would result in"
                + " undefined behavior", hostNet.getMessage());
        assertEquals(Map.of(), LegacyLinks.resolve(host("mynet", "nosuch:al"), find));
    }

    @Test
    void inspectShowsChildAndLinkNamesOfLinkedContainersThatExist() {
        Map<String, String> names = Map.of("id-db", "/db2");
        assertEquals(List.of("/db2:/web/d"),
                LegacyLinks.inspectForm("/web", new java.util.LinkedHashMap<>(Map.of("d", "id-db")), names::get));
        assertNull(LegacyLinks.inspectForm("/web", Map.of("d", "id-gone"), names::get));
    }

    @Test
    void startEnvironmentReplacesTheLastStartsAndLeavesTheContainersOwnVariablesFirst() {
        List<String> process = List.of("PATH=/bin", "HOSTNAME=abc", "D_NAME=mine", "D_PORT=old", "X=1");
        List<String> env = LegacyLinks.withLinkEnv(process, List.of("D_PORT=old"), List.of("D_PORT=new", "D_NAME=/w/d"));
        assertEquals(List.of("PATH=/bin", "HOSTNAME=abc", "D_PORT=new", "D_NAME=mine", "X=1"), env);
    }

    private static HostConfig host(String mode, String... links) {
        return HostConfig.zero().toBuilder().networkMode(mode).links(List.of(links)).build();
    }

    private static Container record(String id, String mode) {
        return Container.newBuilder().setId(id).putExtensions(ContainerRecords.EXT_HOST_CONFIG,
                ContainerRecords.jsonOf("HostConfig", host(mode))).build();
    }
}
