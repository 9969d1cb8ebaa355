package io.linnet.containerd.image;

import io.grpc.Channel;
import io.linnet.containerd.client.ContainerdChannel;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.config.RuntimeSettings;
import io.linnet.containerd.proto.content.ContentGrpc;
import io.linnet.containerd.proto.content.InfoRequest;
import io.linnet.containerd.proto.images.ImagesGrpc;
import io.linnet.containerd.proto.images.ListImagesRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.snapshots.StatSnapshotRequest;
import io.linnet.containerd.runtime.ContainerdRuntime;
import io.linnet.containerd.system.ContainerdSystemService;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageDeleteResult;
import io.linnet.engine.api.image.ImageHistoryEntry;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService.LoadedImage;
import io.linnet.engine.api.image.ImportRequest;
import io.linnet.engine.api.image.ProgressSink;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The image service on a real containerd (needs root), in temporary directories. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerdImageServiceTest {

    private static final Path CONTAINERD = Path.of("/usr/bin/containerd");
    private static final String CREATED = "2024-01-02T03:04:05Z";

    @TempDir
    static Path dir;
    private ContainerdRuntime runtime;
    private ContainerdChannel otherChannel;
    private ContainerdImageService images;
    private ContainerdImageService otherNamespace;
    private ImageRecords records;
    private ImageRecords otherRecords;

    @BeforeAll
    void start() {
        assumeTrue(Files.isExecutable(CONTAINERD), "containerd is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "containerd needs root");
        assumeTrue(Files.isRegularFile(TestArchives.BUSYBOX), "no /bin/busybox");
        RuntimeSettings settings = RuntimeSettings.managed(dir.resolve("data"), dir.resolve("exec"), "linnet-test", false);
        runtime = new ContainerdRuntime(settings);
        records = new ImageRecords(runtime);
        images = new ContainerdImageService(runtime, records);
        otherChannel = ContainerdChannel.open(settings.socketPath(), "linnet-test2");
        ContainerdConnection other = new ContainerdConnection() {
            @Override
            public RuntimeSettings settings() {
                return runtime.settings();
            }

            @Override
            public String namespace() {
                return "linnet-test2";
            }

            @Override
            public Channel channel() {
                return otherChannel.channel();
            }
        };
        otherRecords = new ImageRecords(other);
        otherNamespace = new ContainerdImageService(other, otherRecords);
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            // every load and import deleted its lease
            assertEquals(0, runtime.blocking(io.linnet.containerd.proto.leases.LeasesGrpc::newBlockingStub)
                    .list(io.linnet.containerd.proto.leases.ListRequest.getDefaultInstance()).getLeasesCount());
        }
        if (records != null) {
            records.close();
        }
        if (otherRecords != null) {
            otherRecords.close();
        }
        if (otherChannel != null) {
            otherChannel.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static final class Recorder implements ProgressSink {
        final List<String> lines = new ArrayList<>();

        @Override
        public void stream(String text) {
            lines.add("stream " + text);
        }

        @Override
        public void status(String id, String status) {
            lines.add("status " + id + " " + status);
        }

        @Override
        public void progress(String id, String status, long current, long total) {
            lines.add("progress " + id + " " + status + " " + current + "/" + total);
        }
    }

    private List<LoadedImage> load(ContainerdImageService service, byte[] archive, ProgressSink sink) {
        return service.load(new ByteArrayInputStream(archive), sink);
    }

    @Test
    void loadListInspectTagRemove() {
        byte[] layer = TestArchives.busyboxLayer("one");
        byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh"));
        String id = Digests.of(config);
        byte[] archive = TestArchives.dockerArchive(layer, config, List.of("busybox:latest"));
        Recorder progress = new Recorder();
        long start = System.nanoTime();
        List<LoadedImage> loaded = load(images, TestArchives.gzip(archive), progress);
        long firstLoad = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        load(images, archive, ProgressSink.NONE);
        long secondLoad = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("load of a busybox docker-archive (%d bytes, gzip): %d ms; again (content and snapshot present): %d ms%n",
                archive.length, firstLoad, secondLoad);
        assertEquals(List.of(new LoadedImage(id, List.of("busybox:latest"))), loaded);
        assertEquals("stream Loaded image: busybox:latest\n", progress.lines.get(progress.lines.size() - 1));
        assertTrue(progress.lines.get(0).startsWith("progress 1a2b3c4d5e6f Loading layer 0/"), progress.lines.toString());
        assertTrue(progress.lines.contains("progress 1a2b3c4d5e6f Loading layer " + layer.length + "/" + layer.length),
                progress.lines.toString());

        // containerd's own view: the record named with the full reference, GC labels, the unpacked snapshot
        var records = runtime.blocking(ImagesGrpc::newBlockingStub).list(ListImagesRequest.getDefaultInstance()).getImagesList();
        var record = records.stream().filter(r -> r.getName().equals("docker.io/library/busybox:latest")).findFirst().orElseThrow();
        var manifestInfo = runtime.blocking(ContentGrpc::newBlockingStub)
                .info(InfoRequest.newBuilder().setDigest(record.getTarget().getDigest()).build()).getInfo();
        assertEquals(id, manifestInfo.getLabelsOrThrow("containerd.io/gc.ref.content.config"));
        assertEquals(Digests.of(layer), manifestInfo.getLabelsOrThrow("containerd.io/gc.ref.content.l.0"));
        var configInfo = runtime.blocking(ContentGrpc::newBlockingStub)
                .info(InfoRequest.newBuilder().setDigest(id).build()).getInfo();
        assertEquals(Digests.of(layer), configInfo.getLabelsOrThrow("containerd.io/gc.ref.snapshot.overlayfs"));
        runtime.blocking(SnapshotsGrpc::newBlockingStub).stat(StatSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey(Digests.of(layer)).build());

        Image image = images.inspect("busybox");
        assertEquals(id, image.id());
        assertEquals(List.of("busybox:latest"), image.repoTags());
        assertEquals(List.of(), image.repoDigests());
        assertEquals(List.of("sh"), image.config().cmd());
        assertEquals(List.of("80/tcp"), image.config().exposedPorts());
        assertEquals(Map.of("org.example", "yes"), image.config().labels());
        assertEquals(3, image.config().healthcheck().retries());
        assertEquals("20.10.24", image.dockerVersion());
        assertEquals(List.of(Digests.of(layer)), image.diffIds());
        assertEquals(record.getTarget().getDigest(), image.manifestDigest());
        assertNull(image.lastTagTime(), "as dockerd, only docker tag sets LastTagTime");
        assertTrue(image.size() > 0);
        long listStart = System.nanoTime();
        images.list();
        System.out.printf("warm list: %.1f ms%n", (System.nanoTime() - listStart) / 1e6);
        assertCtrSees("docker.io/library/busybox:latest");
        System.out.printf("size of the busybox image: snapshot usage %d bytes, layer tar %d bytes, busybox binary %d bytes%n",
                image.size(), layer.length, TestArchives.BUSYBOX.toFile().length());
        for (String name : List.of("docker.io/library/busybox:latest", "busybox:latest", id, Digests.hex(id),
                Digests.hex(id).substring(0, 12), id.substring(0, 15), "busybox@" + image.manifestDigest())) {
            assertEquals(id, images.inspect(name).id(), name);
        }
        NotFoundException missing = assertThrows(NotFoundException.class, () -> images.inspect("busybox:nope"));
        assertEquals("No such image: busybox:nope", missing.getMessage());
        assertThrows(NotFoundException.class, () -> images.inspect("0123456789ab"));

        images.tag("busybox", ImageReference.parse("busybox:v1"));
        images.tag(Digests.hex(id).substring(0, 12), ImageReference.parse("localhost:5000/tools/box"));
        assertEquals(List.of("busybox:latest", "busybox:v1", "localhost:5000/tools/box:latest"), images.inspect(id).repoTags());
        assertNotNull(images.inspect(id).lastTagTime());
        assertEquals(1, images.list().stream().filter(i -> i.id().equals(id)).count());
        assertEquals(1, new ContainerdSystemService(runtime).counts().images() - countOthers(id));

        List<ImageHistoryEntry> history = images.history("busybox:v1");
        assertEquals(2, history.size());
        assertEquals(id, history.get(0).id());
        assertEquals(0, history.get(0).size());
        assertEquals(List.of("busybox:latest", "busybox:v1", "localhost:5000/tools/box:latest"), history.get(0).tags());
        assertEquals("<missing>", history.get(1).id());
        assertEquals(image.size(), history.get(1).size());
        assertTrue(history.get(1).createdBy().contains("ADD file:busybox"));

        ConflictException conflict = assertThrows(ConflictException.class, () -> images.remove(id, false, false));
        assertEquals("conflict: unable to delete " + Digests.hex(id).substring(0, 12)
                + " (must be forced) - image is referenced in multiple repositories", conflict.getMessage());
        assertEquals(List.of(ImageDeleteResult.untagged("busybox:v1")), images.remove("busybox:v1", false, false));
        assertEquals(List.of(ImageDeleteResult.untagged("busybox:latest"), ImageDeleteResult.untagged("localhost:5000/tools/box:latest"),
                ImageDeleteResult.deleted(id)), images.remove(Digests.hex(id).substring(0, 12), true, false));
        assertThrows(NotFoundException.class, () -> images.inspect(id));
        // GC ran: the snapshot is gone
        assertFalse(new Snapshots(runtime).exists(Digests.of(layer)));
    }

    /** containerd's own CLI shows the same image records. */
    private void assertCtrSees(String name) {
        Path ctr = Path.of("/usr/bin/ctr");
        if (!Files.isExecutable(ctr)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(ctr.toString(), "--address", runtime.settings().socketPath().toString(),
                    "-n", "linnet-test", "images", "ls", "-q").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertTrue(out.lines().anyMatch(name::equals), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int countOthers(String id) {
        return (int) images.list().stream().filter(i -> !i.id().equals(id)).count();
    }

    @Test
    void removedImagesLeaveNothingCached() {
        images.list();
        int before = images.catalog().cached();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] layer = TestArchives.busyboxLayer("passing-" + i);
            byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh", "-c", "echo " + i));
            tags.add("passing:" + i);
            load(images, TestArchives.dockerArchive(layer, config, List.of("passing:" + i)), ProgressSink.NONE);
        }
        assertEquals(10, images.list().stream().filter(i -> i.repoTags().stream().anyMatch(t -> t.startsWith("passing:"))).count());
        assertTrue(images.catalog().cached() >= before + 20, "each image's manifest and config are cached");
        tags.forEach(tag -> images.remove(tag, false, false));
        images.list();
        // a daemon that builds all day keeps only what its images still need
        assertEquals(before, images.catalog().cached());
    }

    @Test
    void retaggingMovesTheNameAndLeavesTheOldImageDangling() {
        byte[] layerA = TestArchives.busyboxLayer("a");
        byte[] configA = TestArchives.config(Digests.of(layerA), CREATED, List.of("sh"));
        byte[] layerB = TestArchives.busyboxLayer("b");
        byte[] configB = TestArchives.config(Digests.of(layerB), CREATED, List.of("echo", "b"));
        String a = Digests.of(configA);
        String b = Digests.of(configB);
        load(images, TestArchives.dockerArchive(layerA, configA, List.of("move/me:1")), ProgressSink.NONE);
        load(images, TestArchives.dockerArchive(layerB, configB, List.of("move/me:1")), ProgressSink.NONE);
        assertEquals(b, images.inspect("move/me:1").id());
        Image dangling = images.inspect(a);
        assertTrue(dangling.dangling());
        assertTrue(images.list().stream().anyMatch(i -> i.id().equals(a) && i.repoTags().isEmpty()));

        // an untagged load of a new image keeps it under a dangling record, never shown as a tag
        byte[] layerC = TestArchives.busyboxLayer("c");
        byte[] configC = TestArchives.config(Digests.of(layerC), CREATED, List.of("sh"));
        Recorder progress = new Recorder();
        long start = System.nanoTime();
        List<LoadedImage> loaded = load(images, TestArchives.dockerArchive(layerC, configC, List.of()), progress);
        System.out.printf("load of a new busybox docker-archive after warm-up: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        String c = Digests.of(configC);
        assertEquals(List.of(new LoadedImage(c, List.of())), loaded);
        assertTrue(progress.lines.contains("stream Loaded image ID: " + c + "\n"));
        assertEquals(List.of(), images.inspect(c).repoTags());

        var pruned = images.prune(true, io.linnet.engine.api.PruneFilter.NONE);
        assertTrue(pruned.deleted().contains(ImageDeleteResult.deleted(a)), pruned.toString());
        assertTrue(pruned.deleted().contains(ImageDeleteResult.deleted(c)), pruned.toString());
        assertTrue(pruned.spaceReclaimed() > 0);
        assertEquals(b, images.inspect("move/me:1").id());
        assertThrows(NotFoundException.class, () -> images.inspect(a));
        images.remove("move/me:1", false, false);
    }

    @Test
    void saveLoadsIntoAnotherNamespaceWithTheSameIds() throws Exception {
        byte[] layer = TestArchives.busyboxLayer("save");
        byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh"));
        String id = Digests.of(config);
        load(images, TestArchives.dockerArchive(layer, config, List.of("saved:1", "saved:2")), ProgressSink.NONE);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of("saved:1"), out);
        Map<String, byte[]> entries = entries(out.toByteArray());
        assertTrue(entries.containsKey(Digests.hex(id) + ".json"), entries.keySet().toString());
        assertTrue(entries.containsKey(Digests.hex(Digests.of(layer)) + "/layer.tar"), entries.keySet().toString());
        String manifest = new String(entries.get("manifest.json"));
        assertTrue(manifest.contains("\"RepoTags\":[\"saved:1\"]"), manifest);

        List<LoadedImage> loaded = load(otherNamespace, out.toByteArray(), ProgressSink.NONE);
        assertEquals(List.of(new LoadedImage(id, List.of("saved:1"))), loaded);
        assertEquals(images.inspect("saved:1").diffIds(), otherNamespace.inspect("saved:1").diffIds());

        // by ID: every name of the image
        out.reset();
        images.save(List.of(Digests.hex(id).substring(0, 12)), out);
        String byId = new String(entries(out.toByteArray()).get("manifest.json"));
        assertTrue(byId.contains("\"RepoTags\":[\"saved:1\",\"saved:2\"]"), byId);
        assertThrows(NotFoundException.class, () -> images.save(List.of("nothing:here"), new ByteArrayOutputStream()));

        images.remove(id, true, false);
        otherNamespace.remove("saved:1", false, false);
    }

    @Test
    void anImageIsFoundByItsNameWhileAnotherManifestOfItGoes() {
        byte[] layer = TestArchives.busyboxLayer("twice");
        byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh"));
        String id = Digests.of(config);
        load(images, TestArchives.dockerArchive(layer, config, List.of("twice/base:1")), ProgressSink.NONE);
        // the same image with a gzip layer (a push and pull of it), under a name sorted before the first
        load(images, TestArchives.ociLayout(layer, config, "127.0.0.1:5000/twice:1"), ProgressSink.NONE);
        // a view as a lookup holds it while another client removes the second name: grouped, sizes not yet read
        ImageRecords view = new ImageRecords(records.all());
        ContainerdImageService lookups = new ContainerdImageService(runtime, view);
        assertEquals(id, lookups.catalog().resolve("twice/base:1").entry().id());
        runtime.blocking(ImagesGrpc::newBlockingStub).delete(io.linnet.containerd.proto.images.DeleteImageRequest
                .newBuilder().setName("127.0.0.1:5000/twice:1").setSync(true).build()); // collects the gzip blobs

        Image image = lookups.inspect("twice/base:1");
        assertEquals(id, image.id());
        assertEquals(List.of("twice/base:1"), images.inspect("twice/base:1").repoTags());
        assertEquals(images.inspect("twice/base:1").size(), image.size());
        images.remove("twice/base:1", false, false);
    }

    @Test
    void loadsAnOciLayoutWithACompressedLayer() {
        byte[] layer = TestArchives.busyboxLayer("oci");
        byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh"));
        String id = Digests.of(config);
        List<LoadedImage> loaded = load(images, TestArchives.ociLayout(layer, config, "docker.io/library/ocibox:3"),
                ProgressSink.NONE);
        assertEquals(List.of(new LoadedImage(id, List.of("ocibox:3"))), loaded);
        Image image = images.inspect("ocibox:3");
        assertEquals(List.of(Digests.of(layer)), image.diffIds());
        assertTrue(new Snapshots(runtime).exists(Digests.of(layer)));

        // saved as docker-archive: the layer comes out uncompressed, loadable again with the same ID
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of("ocibox:3"), out);
        assertEquals(List.of(new LoadedImage(id, List.of("ocibox:3"))), load(otherNamespace, out.toByteArray(), ProgressSink.NONE));
        images.remove("ocibox:3", false, false);
        otherNamespace.remove("ocibox:3", false, false);
    }

    @Test
    void loadsDocker25ArchivesPreferringManifestJsonAndNestedIndexes() {
        byte[] layer = TestArchives.busyboxLayer("d25");
        byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh"));
        String id = Digests.of(config);
        assertEquals(List.of(new LoadedImage(id, List.of("d25:latest-from-manifest-json"))),
                load(images, TestArchives.docker25(layer, config, "d25:latest", true), ProgressSink.NONE));
        // without manifest.json: the OCI index, through the image index, to this platform's manifest
        assertEquals(List.of(new LoadedImage(id, List.of("d25:latest"))),
                load(images, TestArchives.docker25(layer, config, "d25:latest", false), ProgressSink.NONE));
        Image image = images.inspect("d25");
        assertEquals(List.of("d25:latest", "d25:latest-from-manifest-json"), image.repoTags());
        images.remove(id, false, false);
        assertThrows(NotFoundException.class, () -> images.inspect(id));
    }

    @Test
    void importsARootfsWithChanges() {
        byte[] layer = TestArchives.busyboxLayer("import");
        String id = images.importRootfs(new ByteArrayInputStream(TestArchives.gzip(layer)),
                new ImportRequest(ImageReference.parse("imported"), "from a test",
                        List.of("CMD [\"sh\", \"-c\", \"echo hi\"]", "ENV A=1 B=\"two words\"", "EXPOSE 80 53/udp",
                                "LABEL x=y", "USER nobody", "WORKDIR /srv", "VOLUME /data", "STOPSIGNAL SIGINT",
                                "ENTRYPOINT /bin/sh"),
                        ""), ProgressSink.NONE);
        Image image = images.inspect("imported:latest");
        assertEquals(id, image.id());
        assertEquals(List.of(Digests.of(layer)), image.diffIds());
        assertEquals(List.of("sh", "-c", "echo hi"), image.config().cmd());
        assertEquals(List.of("/bin/sh", "-c", "/bin/sh"), image.config().entrypoint());
        assertEquals(List.of("A=1", "B=two words"), image.config().env());
        assertEquals(List.of("53/udp", "80/tcp"), image.config().exposedPorts());
        assertEquals(Map.of("x", "y"), image.config().labels());
        assertEquals("nobody", image.config().user());
        assertEquals("/srv", image.config().workingDir());
        assertEquals(List.of("/data"), image.config().volumes());
        assertEquals("SIGINT", image.config().stopSignal());
        assertEquals(Platforms.architecture(), image.architecture());
        assertEquals("linux", image.os());
        List<ImageHistoryEntry> history = images.history(id);
        assertEquals(1, history.size());
        assertEquals("from a test", history.get(0).comment());
        assertEquals(List.of("imported:latest"), history.get(0).tags());

        InvalidParameterException bad = assertThrows(InvalidParameterException.class, () -> images.importRootfs(
                new ByteArrayInputStream(layer), new ImportRequest(null, "", List.of("RUN true"), ""), ProgressSink.NONE));
        assertEquals("RUN is not a valid change command", bad.getMessage());
        images.remove("imported", false, false);
    }

    @Test
    void hostileAndBrokenArchivesAreRejectedAndNameNothing() throws Exception {
        byte[] layer = TestArchives.busyboxLayer("hostile");
        byte[] config = TestArchives.config(Digests.of(layer), CREATED, List.of("sh"));
        byte[] good = TestArchives.dockerArchive(layer, config, List.of("hostile:1"));
        Map<String, byte[]> base = entries(good);

        Map<String, byte[]> dotdot = new LinkedHashMap<>(base);
        dotdot.put("../escape", "x".getBytes());
        assertRejected(TestArchives.tar(dotdot), "leaves the archive");

        Map<String, byte[]> absolute = new LinkedHashMap<>(base);
        absolute.put("/etc/evil", "x".getBytes());
        assertRejected(tarWithAbsolute(base), "absolute path");

        ByteArrayOutputStream linked = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(linked)) {
            for (var e : base.entrySet()) {
                TestArchives.file(tar, e.getKey(), e.getValue(), 0644);
            }
            TestArchives.link(tar, "other/layer.tar", "/etc/shadow");
        }
        assertRejected(linked.toByteArray(), "outside the archive");

        // the layer is not what the configuration says
        byte[] otherLayer = TestArchives.busyboxLayer("different");
        byte[] mismatch = TestArchives.dockerArchive(otherLayer, config, List.of("hostile:1"));
        assertRejected(mismatch, "expects " + Digests.of(layer));

        Map<String, byte[]> noConfig = new LinkedHashMap<>(base);
        noConfig.remove(Digests.hex(Digests.of(config)) + ".json");
        assertRejected(TestArchives.tar(noConfig), "is missing");

        assertRejected("not a tar at all".getBytes(), "invalid archive");
        assertThrows(NotFoundException.class, () -> images.inspect("hostile:1"));
        assertThrows(NotFoundException.class, () -> images.inspect(Digests.of(config)));
    }

    private void assertRejected(byte[] archive, String detail) {
        int before = runtime.blocking(ImagesGrpc::newBlockingStub).list(ListImagesRequest.getDefaultInstance()).getImagesCount();
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> load(images, archive, ProgressSink.NONE));
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        assertEquals(before, runtime.blocking(ImagesGrpc::newBlockingStub).list(ListImagesRequest.getDefaultInstance()).getImagesCount());
    }

    private static byte[] tarWithAbsolute(Map<String, byte[]> base) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("x", true);
            e.setName("/etc/evil");
            e.setSize(1);
            tar.putArchiveEntry(e);
            tar.write('x');
            tar.closeArchiveEntry();
            for (var f : base.entrySet()) {
                TestArchives.file(tar, f.getKey(), f.getValue(), 0644);
            }
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> entries(byte[] tar) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }
}
