package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many containers at once: 500 created through the API by 16 clients, listed and inspected by 16
 * concurrent clients, removed by 100 concurrent requests. No request fails, lookups by name and
 * prefix keep working, and the daemon's memory stays bounded (loose bounds: the figures belong in
 * the benchmark).
 */
@WithLinnet
class ScaleEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTAINERS = 500;
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    /** The daemon's resident memory in MiB (VmRSS of the JVM). */
    private static long rssMiB() throws Exception {
        return rssMiB(daemon.pid());
    }

    private static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new AssertionError("no VmRSS");
    }

    /** The daemon's managed containerd: its child process of that name. */
    private static long containerdPid() {
        return ProcessHandle.of(daemon.pid()).orElseThrow().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/containerd")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no managed containerd under the daemon")).pid();
    }

    private static <T> List<T> all(ExecutorService pool, List<java.util.concurrent.Callable<T>> work) throws Exception {
        List<Future<T>> futures = pool.invokeAll(work, 15, TimeUnit.MINUTES);
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void fiveHundredContainersCreatedListedAndRemovedConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(100);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, String> ids = new ConcurrentHashMap<>();
        try {
            // create: 16 clients
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            List<java.util.concurrent.Callable<Void>> creators = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                creators.add(() -> {
                    for (int i = next.getAndIncrement(); i < CONTAINERS; i = next.getAndIncrement()) {
                        String name = "scale-" + i;
                        UnixHttp.Reply r = daemon.http().send("POST", "/v1.43/containers/create?name=" + name,
                                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"Labels\":{\"scale\":\"" + (i % 10) + "\"}}");
                        if (r.status() != 201) {
                            failures.add("create " + name + ": " + r.status() + " " + r.body());
                        } else {
                            ids.put(name, JSON.readTree(r.body()).path("Id").asText());
                        }
                    }
                    return null;
                });
            }
            all(pool, creators);
            long createMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(List.of(), List.copyOf(failures));
            assertEquals(CONTAINERS, ids.size());

            // list and look up: 16 clients at once, by name, by ID prefix, filtered lists
            t0 = System.nanoTime();
            List<java.util.concurrent.Callable<Void>> readers = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                readers.add(() -> {
                    for (int round = 0; round < 5; round++) {
                        UnixHttp.Reply list = daemon.http().get("/v1.43/containers/json?all=1");
                        if (list.status() != 200 || JSON.readTree(list.body()).size() != CONTAINERS) {
                            failures.add("list: " + list.status() + " " + list.body().length());
                        }
                        String name = "scale-" + ((client * 31 + round * 7) % CONTAINERS);
                        UnixHttp.Reply byName = daemon.http().get("/v1.43/containers/" + name + "/json");
                        if (byName.status() != 200) {
                            failures.add("inspect " + name + ": " + byName.status());
                        }
                        UnixHttp.Reply byPrefix = daemon.http().get("/v1.43/containers/" + ids.get(name).substring(0, 12) + "/json");
                        if (byPrefix.status() != 200 || !JSON.readTree(byPrefix.body()).path("Name").asText().equals("/" + name)) {
                            failures.add("inspect by prefix " + name + ": " + byPrefix.status());
                        }
                    }
                    UnixHttp.Reply filtered = daemon.http().get("/v1.43/containers/json?all=1&filters="
                            + java.net.URLEncoder.encode("{\"label\":[\"scale=3\"]}", java.nio.charset.StandardCharsets.UTF_8));
                    JsonNode f = JSON.readTree(filtered.body());
                    if (filtered.status() != 200 || f.size() != CONTAINERS / 10) {
                        failures.add("filtered list: " + filtered.status() + " " + f.size());
                    }
                    return null;
                });
            }
            all(pool, readers);
            long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(List.of(), List.copyOf(failures));
            long rssWithAll = rssMiB();
            long containerdRssWithAll = rssMiB(containerdPid());

            // remove: 100 concurrent requests
            t0 = System.nanoTime();
            List<java.util.concurrent.Callable<Void>> removers = new ArrayList<>();
            for (String name : ids.keySet()) {
                removers.add(() -> {
                    UnixHttp.Reply r = daemon.http().send("DELETE", "/v1.43/containers/" + name + "?force=1", null);
                    if (r.status() != 204) {
                        failures.add("remove " + name + ": " + r.status() + " " + r.body());
                    }
                    return null;
                });
            }
            all(pool, removers);
            long removeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(List.of(), List.copyOf(failures));
            assertEquals("[]", daemon.http().get("/v1.43/containers/json?all=1").body().strip());
            long rssAfter = rssMiB();
            long containerdRssAfter = rssMiB(containerdPid());
            System.out.printf("scale: create %d in %d ms, 16 clients x 5 lists+lookups in %d ms, remove in %d ms,"
                    + " RSS %d MiB with %d containers, %d MiB after; containerd %d MiB, then %d MiB%n", CONTAINERS,
                    createMillis, readMillis, removeMillis, rssWithAll, CONTAINERS, rssAfter, containerdRssWithAll,
                    containerdRssAfter);
            assertTrue(rssWithAll < 768, "RSS with " + CONTAINERS + " containers: " + rssWithAll + " MiB");
            assertTrue(rssAfter < 768, "RSS after removal: " + rssAfter + " MiB");
            // containerd grew to 1.6 GB, then 3.2 GB, when every request listed every container
            assertTrue(containerdRssWithAll < 512, "containerd's RSS with " + CONTAINERS + " containers: "
                    + containerdRssWithAll + " MiB");
            assertTrue(containerdRssAfter < 512, "containerd's RSS after removal: " + containerdRssAfter + " MiB");
        } finally {
            pool.shutdownNow();
        }
    }
}
