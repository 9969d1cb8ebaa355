package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Names that exist before and after other clients' work are found throughout it: while clients
 * pull, tag, untag and build images sharing busybox's ID and layers (and remove them again), every
 * {@code docker image inspect busybox} answers 200, every build FROM busybox finds it locally, a
 * name is found right after its pull (docker-py's {@code images.pull} reads it back at once), and
 * a tag made while another client removes the image's last name stays.
 * Runs 25 s; {@code -Dimage.race.seconds=N} runs longer.
 */
@WithLinnet(registry = true)
class ImageStoreRaceEndToEndIT {
    private static final int SECONDS = Integer.getInteger("image.race.seconds", 25);
    private static final int PULLERS = 2;
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    @WithLinnet.Inject
    private static LocalRegistry registry;
    @TempDir
    Path work;

    private final AtomicInteger lookups = new AtomicInteger();
    private final Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> misses = new ConcurrentLinkedQueue<>();

    @Test
    void aNeverRemovedNameIsFoundWhileOthersPullTagBuildAndRemove() throws Exception {
        String repo = registry.host + "/race";
        for (int i = 0; i < PULLERS; i++) { // the same image as busybox, with gzip layers: another manifest
            daemon.docker("tag", "busybox", repo + ":" + i).assertSuccess();
            daemon.docker("push", "-q", repo + ":" + i).assertSuccess();
            daemon.docker("rmi", repo + ":" + i).assertSuccess();
        }
        Path context = TestImages.buildContext(work.resolve("ctx"), "FROM busybox\nARG N\nLABEL n=$N\nCOPY file /file\n");
        Files.writeString(context.resolve("file"), "content\n");

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < PULLERS; i++) {
            String name = repo + ":" + i;
            clients.add(pool.submit(() -> loop(end, "pull", n -> {
                expectSuccess("pull " + name, daemon.docker("pull", "-q", name));
                expectFound(name);
                expectSuccess("rmi " + name, daemon.docker("rmi", name));
            })));
        }
        clients.add(pool.submit(() -> loop(end, "tag", n -> {
            String name = "race-tag:" + n;
            expectSuccess("tag " + name, daemon.docker("tag", "busybox", name));
            expectFound(name);
            expectSuccess("rmi " + name, daemon.docker("rmi", name));
        })));
        clients.add(pool.submit(() -> loop(end, "build", n -> {
            String name = "race-build:" + n;
            expectSuccess("build " + name, daemon.cli().build(context, "-q", "--build-arg", "N=" + n, "-t", name));
            expectSuccess("rmi " + name, daemon.docker("rmi", name));
        })));
        Path rootfs = TestImages.singleEntryTar(work, "rootfs.tar", "file", "gone\n".getBytes());
        clients.add(pool.submit(() -> loop(end, "rmi-while-tag", n -> {
            // an image's last name removed while another client tags it: the new tag, if made, stays
            String image = "race-gone:" + n;
            String kept = "race-kept:" + n;
            expectSuccess("import " + image, daemon.docker("import", "-m", "race " + n, rootfs.toString(), image));
            Future<Commands.Result> tag = pool.submit(() -> daemon.docker("tag", image, kept));
            daemon.docker("rmi", image);
            if (tag.get().exitCode() == 0) {
                expectFound(kept);
                daemon.docker("rmi", kept);
            }
        })));
        for (int i = 0; i < 2; i++) {
            clients.add(pool.submit(() -> loop(end, "inspect", n -> expectFound("busybox"))));
        }
        for (Future<?> client : clients) {
            client.get(SECONDS + 120L, TimeUnit.SECONDS);
        }
        pool.shutdown();

        if (!misses.isEmpty()) { // the daemon's own account, for the build log
            daemon.logText().lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(40)
                    .forEach(System.out::println);
        }
        System.out.println("image race: " + done + " operations, " + lookups + " lookups, " + misses.size()
                + " misses in " + SECONDS + " s");
        assertTrue(done.get("pull").get() >= 4 && done.get("build").get() >= 2, "too little work to tell: " + done);
        assertEquals(List.of(), List.copyOf(misses), "lookups of names that existed failed");
    }

    private interface Operation {
        void run(int n) throws Exception;
    }

    private Void loop(long end, String kind, Operation operation) throws Exception {
        AtomicInteger count = done.computeIfAbsent(kind, k -> new AtomicInteger());
        for (int n = 0; System.nanoTime() < end; n++) {
            operation.run(n);
            count.incrementAndGet();
        }
        return null;
    }

    /** GET /images/{name}/json, as docker image inspect and docker-py's images.get ask. */
    private void expectFound(String name) throws Exception {
        lookups.incrementAndGet();
        UnixHttp.Reply reply = daemon.http().get("/v1.43/images/" + name + "/json");
        if (reply.status() != 200) {
            misses.add("inspect " + name + ": " + reply.status() + " " + reply.body());
        }
    }

    private void expectSuccess(String what, Commands.Result result) {
        if (result.exitCode() != 0) {
            misses.add(what + ": " + result.stdout() + result.stderr());
        }
    }
}
