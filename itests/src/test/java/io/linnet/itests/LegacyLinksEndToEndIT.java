package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legacy links ({@code --link name:alias}) on the default bridge as dockerd makes them (issue 17): the
 * alias, hostname and name in /etc/hosts, moby's ALIAS_* variables, inspect's "/child:/parent/alias",
 * the link names in the list, {@code docker rm --link}, and dockerd's errors. The expected values are
 * dockerd 20.10's for the same commands (moby 24 builds them with the same code).
 */
@WithLinnet
class LegacyLinksEndToEndIT {
    @WithLinnet.Inject
    static LinnetDaemon daemon;

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void clean() throws Exception {
        daemon.removeAllContainers();
    }

    @Test
    void aLinkedContainerIsInTheHostsFileAndTheEnvironmentUntilTheLinkIsRemoved() throws Exception {
        daemon.docker("run", "-d", "--name", "link-db", "-h", "dbhost", "-e", "DB_USER=app", "-e", "PATH=/bin",
                "--expose", "5432", "--expose", "6000/udp", "busybox", "sleep", "300").assertSuccess();
        String ip = inspect("link-db", "{{.NetworkSettings.Networks.bridge.IPAddress}}");
        String out = daemon.docker("run", "--name", "link-web", "--link", "link-db:db", "--link", "link-db", "busybox",
                "sh", "-c", "cat /etc/hosts; echo ----; env").assertSuccess().stdout();
        String hosts = out.substring(0, out.indexOf("----"));
        List<String> env = Commands.lines(out.substring(out.indexOf("----") + 5));

        assertTrue(hosts.contains(ip + "\tdb dbhost link-db\n"), hosts); // alias, hostname, name
        assertTrue(hosts.contains(ip + "\tlink-db dbhost\n"), hosts); // a link by name: no name repeated
        assertTrue(env.containsAll(List.of("DB_PORT=tcp://" + ip + ":5432", "DB_PORT_5432_TCP=tcp://" + ip + ":5432",
                "DB_PORT_5432_TCP_ADDR=" + ip, "DB_PORT_5432_TCP_PORT=5432", "DB_PORT_5432_TCP_PROTO=tcp",
                "DB_PORT_6000_UDP=udp://" + ip + ":6000", "DB_NAME=/link-web/db", "DB_ENV_DB_USER=app",
                "LINK_DB_NAME=/link-web/link-db", "LINK_DB_ENV_DB_USER=app")), env.toString());
        assertFalse(env.stream().anyMatch(e -> e.startsWith("DB_ENV_PATH=")), "PATH and HOME are not passed on");

        assertEquals(Set.of("/link-db:/link-web/db", "/link-db:/link-web/link-db"), links("link-web"));
        assertEquals(List.of("/link-db", "/link-web/db", "/link-web/link-db"), listedNames("link-db"));
        assertEquals(inspect("link-db", "{{.Id}}"), inspect("link-web/db", "{{.Id}}"), "a link's name names the container");

        Commands.Result rm = daemon.docker("rm", "--link", "/link-web/db");
        assertEquals("/link-web/db", rm.assertSuccess().stdout().trim());
        assertEquals(Set.of("/link-db:/link-web/link-db"), links("link-web"));
        assertEquals("true", inspect("link-db", "{{.State.Running}}"), "only the link goes");
        String again = daemon.docker("start", "-a", "link-web").assertSuccess().stdout();
        assertTrue(Commands.lines(again).stream().noneMatch(l -> l.startsWith("DB_") || l.contains("\tdb dbhost")), again);
        assertTrue(again.contains("LINK_DB_NAME=/link-web/link-db"), again);
    }

    @Test
    void dockerdsErrorsForLinksThatCannotBe() throws Exception {
        Commands.Result missing = daemon.docker("create", "--link", "no-such-ctr:x", "busybox", "true");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("could not get container for no-such-ctr: No such container: no-such-ctr"),
                missing.stderr());
        Commands.Result hostNet = daemon.docker("create", "--network", "host", "--link", "x:y", "busybox", "true");
        assertTrue(hostNet.stderr().contains("conflicting options: host type networking can't be used with links."),
                hostNet.stderr());

        daemon.docker("create", "--name", "link-stopped", "busybox", "true").assertSuccess();
        Commands.Result start = daemon.docker("run", "--name", "link-parent", "--link", "link-stopped:st", "busybox",
                "true");
        assertEquals(125, start.exitCode());
        assertTrue(start.stderr().contains("Cannot link to a non running container: /link-stopped AS /link-parent/st"),
                start.stderr());
        assertEquals("created 128", inspect("link-parent", "{{.State.Status}} {{.State.ExitCode}}"));

        daemon.docker("network", "create", "link-user-net").assertSuccess();
        try {
            daemon.docker("run", "-d", "--name", "link-elsewhere", "--network", "link-user-net", "busybox", "sleep", "300")
                    .assertSuccess();
            Commands.Result elsewhere = daemon.docker("run", "--link", "link-elsewhere:e", "busybox", "true");
            assertTrue(elsewhere.stderr().contains("Cannot link to /link-elsewhere, as it does not belong to the default"
                    + " network"), elsewhere.stderr());
        } finally {
            daemon.docker("rm", "-f", "link-elsewhere");
            daemon.docker("network", "rm", "link-user-net");
        }

        Commands.Result own = daemon.curl("-w", " %{http_code}", "-X", "DELETE", "http://x/containers/link-stopped?link=1");
        assertEquals("{\"message\":\"Conflict, cannot remove the default link name of the container\"} 500",
                own.stdout().trim());
        Commands.Result unknown = daemon.docker("rm", "--link", "/link-parent/nosuch");
        assertTrue(unknown.stderr().contains("No such container: link-parent/nosuch"), unknown.stderr());
        assertEquals("created", inspect("link-stopped", "{{.State.Status}}"), "both stay");
    }

    @Test
    void dockerPyLinksAndUnlinks(@TempDir Path work) throws Exception {
        daemon.docker("run", "-d", "--name", "link-py-db", "--expose", "80", "busybox", "sleep", "300").assertSuccess();
        String ip = inspect("link-py-db", "{{.NetworkSettings.Networks.bridge.IPAddress}}");
        Path script = Files.writeString(work.resolve("links.py"), String.join("\n",
                "import docker",
                "client = docker.DockerClient(base_url='unix://" + daemon.socket + "')",
                "out = client.containers.run('busybox', ['sh', '-c', 'env; grep pydb /etc/hosts'], name='link-py-web',",
                "                            links={'link-py-db': 'pydb'})",
                "print(out.decode(), end='')",
                "print('links:', client.api.inspect_container('link-py-web')['HostConfig']['Links'])",
                // the link's name as inspect shows it, leading slash and all: docker-py sends DELETE /containers//…
                "client.api.remove_container('/link-py-web/pydb', link=True)",
                "print('after:', client.api.inspect_container('link-py-web')['HostConfig']['Links'])",
                ""));
        List<String> lines = Commands.lines(daemon.cli().run("python3", script.toString()).assertSuccess().stdout());
        assertTrue(lines.contains("PYDB_PORT_80_TCP_ADDR=" + ip), lines.toString());
        assertTrue(lines.contains(ip + "\tpydb " + inspect("link-py-db", "{{.Config.Hostname}}") + " link-py-db"),
                lines.toString());
        assertTrue(lines.contains("links: ['/link-py-db:/link-py-web/pydb']"), lines.toString());
        assertTrue(lines.contains("after: None"), lines.toString());
    }

    private static String inspect(String name, String format) throws Exception {
        return daemon.docker("inspect", "--format", format, name).assertSuccess().stdout().trim();
    }

    private static Set<String> links(String name) throws Exception {
        JsonNode links = daemon.inspect("inspect", name).path("HostConfig").path("Links");
        Set<String> out = new java.util.HashSet<>();
        links.forEach(l -> out.add(l.asText()));
        assertNotEquals(0, out.size(), "Links: " + links);
        return out;
    }

    /** Names of the container in GET /containers/json, sorted. */
    private static List<String> listedNames(String name) throws Exception {
        String body = daemon.curl("http://x/containers/json?all=1").assertSuccess().stdout();
        for (JsonNode c : JSON.readTree(body)) {
            List<String> names = new ArrayList<>();
            c.path("Names").forEach(n -> names.add(n.asText()));
            if (names.contains("/" + name)) {
                return names.stream().sorted().toList();
            }
        }
        return List.of();
    }
}
