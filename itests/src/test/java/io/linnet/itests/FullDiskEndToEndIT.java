package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The data root on a small file system (a size-limited tmpfs) that fills up: a pull, a docker cp
 * into a container and a container's volume write each fail with dockerd's "no space left on
 * device", leave nothing half-made visible, and work again once space is freed, without a daemon
 * restart. A container whose log cannot be written runs on, and its log goes on once there is
 * space. A build fails the same way whether its context does not fit (the daemon reads the rest
 * of the upload, so the CLI gets the answer rather than a broken pipe) or a RUN step fills the
 * disk; no half image stays.
 */
class FullDiskEndToEndIT {

    private static final String NO_SPACE = "no space left on device";
    /** Left free when the disk is "full": less than any of the operations needs. */
    private static final long LEFT_FREE = 3L << 20;

    @Test
    void everyWriteFailsClearlyOnAFullDataRootAndWorksAgainOnceSpaceIsFreed() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-fulldisk-");
        Path data = Files.createDirectories(root.resolve("data"));
        Commands.run("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", data.toString()).assertSuccess();
        LocalRegistry registry = null;
        LinnetDaemon daemon = null;
        try {
            daemon = LinnetDaemon.startIn(root);
            daemon.loadBusybox(Files.createTempDirectory(root, "fulldisk-"), "fulldisk");
            registry = LocalRegistry.start(Files.createTempDirectory(root, "registry-"), null);
            String big = registry.host + "/big:latest";
            Path bigFile = root.resolve("big-file");
            writeRandom(bigFile, 16 << 20);
            Path bigTar = randomRootfs(root.resolve("big.tar"), 16 << 20);
            daemon.docker("import", bigTar.toString(), big).assertSuccess();
            daemon.docker("push", big).assertSuccess();
            daemon.docker("rmi", big).assertSuccess();
            daemon.docker("run", "-d", "--name", "keep", "busybox", "sleep", "300").assertSuccess();
            // a container that logs all along: its log writes fail while the disk is full
            daemon.docker("run", "-d", "--name", "talker", "busybox", "sh", "-c",
                    "i=0; while true; do echo $i; i=$((i+1)); sleep 0.1; done").assertSuccess();
            daemon.docker("volume", "create", "vol").assertSuccess();
            Path buildContext = Files.createDirectories(root.resolve("build-context"));
            Files.writeString(buildContext.resolve("Dockerfile"), "FROM busybox\nCOPY big /big\n");
            Files.copy(bigFile, buildContext.resolve("big"));
            Path runContext = Files.createDirectories(root.resolve("run-context"));
            Files.writeString(runContext.resolve("Dockerfile"),
                    "FROM busybox\nRUN busybox dd if=/dev/zero of=/fill bs=1M count=16\n");
            String imagesBefore = daemon.docker("images", "-a", "-q").assertSuccess().stdout();

            Path filler = fill(data);
            Commands.Result pull = daemon.docker("pull", big);
            assertNotEquals(0, pull.exitCode(), pull.stdout());
            assertTrue((pull.stdout() + pull.stderr()).contains(NO_SPACE), "pull: " + pull);
            Commands.Result cp = daemon.docker("cp", bigFile.toString(), "keep:/big-file");
            assertNotEquals(0, cp.exitCode());
            assertTrue(cp.stderr().contains(NO_SPACE), "cp: " + cp);
            Commands.Result contextBuild = daemon.cli().build(buildContext, "-t", "fulldisk-build");
            assertNotEquals(0, contextBuild.exitCode(), contextBuild.stdout());
            assertTrue(contextBuild.stderr().contains(NO_SPACE), "build context: " + contextBuild);
            fill(data); // again: the failed writes before may have taken the little space that was left
            Commands.Result runBuild = daemon.cli().build(runContext, "--force-rm", "-t", "fulldisk-run");
            assertNotEquals(0, runBuild.exitCode(), runBuild.stdout());
            assertTrue(runBuild.stdout().toLowerCase().contains(NO_SPACE), "RUN step: " + runBuild);
            // the step's own failure, or containerd's when its metadata cannot be written either
            assertTrue((runBuild.stdout() + runBuild.stderr()).contains("returned a non-zero code")
                    || runBuild.stderr().toLowerCase().contains(NO_SPACE), "RUN step: " + runBuild);
            fill(data);
            Commands.Result volumeWrite = daemon.docker("run", "--rm", "-v", "vol:/v", "busybox",
                    "busybox", "dd", "if=/dev/zero", "of=/v/f", "bs=1M", "count=16");
            assertNotEquals(0, volumeWrite.exitCode());
            assertTrue(volumeWrite.stderr().toLowerCase().contains(NO_SPACE), "volume write: " + volumeWrite);
            // nothing half-made is visible
            assertEquals(imagesBefore, daemon.docker("images", "-a", "-q").assertSuccess().stdout(), "no partial image");
            assertFalse(daemon.docker("images", "--format", "{{.Repository}}").stdout().contains("big"));
            assertEquals("true", daemon.docker("inspect", "--format", "{{.State.Running}}", "keep")
                    .assertSuccess().stdout().trim(), "the running container is untouched");
            assertEquals("true", daemon.docker("inspect", "--format", "{{.State.Running}}", "talker")
                    .assertSuccess().stdout().trim(), "a container whose log cannot be written runs on");

            Files.delete(filler); // space again: everything works, the same daemon
            long spokenBefore = lastNumber(daemon);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lastNumber(daemon) < spokenBefore + 5 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(lastNumber(daemon) >= spokenBefore + 5, "the log is written again once there is space");
            daemon.docker("pull", big).assertSuccess();
            daemon.docker("cp", bigFile.toString(), "keep:/big-file").assertSuccess();
            assertEquals(String.valueOf(16 << 20), daemon.docker("exec", "keep", "busybox", "stat", "-c", "%s", "/big-file")
                    .assertSuccess().stdout().trim());
            daemon.docker("run", "--rm", "-v", "vol:/v", "busybox", "busybox", "dd", "if=/dev/zero", "of=/v/f",
                    "bs=1M", "count=16").assertSuccess();
            daemon.cli().build(buildContext, "-t", "fulldisk-build").assertSuccess();
            assertEquals(String.valueOf(16 << 20), daemon.docker("run", "--rm", "fulldisk-build", "busybox", "stat", "-c",
                    "%s", "/big").assertSuccess().stdout().trim());
            daemon.cli().build(runContext, "-t", "fulldisk-run").assertSuccess();
            daemon.docker("rmi", "fulldisk-build", "fulldisk-run").assertSuccess();
            daemon.docker("rm", "-f", "keep", "talker").assertSuccess();
            daemon.docker("volume", "rm", "vol").assertSuccess();
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (daemon != null) {
                daemon.removeAllContainers();
                daemon.close();
                daemon.strays().forEach(ProcessHandle::destroyForcibly);
            }
            Commands.run("umount", "-l", data.toString());
            if (daemon != null) {
                daemon.deleteRoot();
            }
        }
    }

    /** The last number the talker's log holds (-1 for none); docker logs reads the log whole. */
    private static long lastNumber(LinnetDaemon daemon) throws Exception {
        List<String> lines = Commands.lines(daemon.docker("logs", "talker").assertSuccess().stdout());
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).matches("\\d+")) {
                return Long.parseLong(lines.get(i));
            }
        }
        return -1;
    }

    /** Fills the file system of {@code dir} up to {@link #LEFT_FREE}; returns the filler file. */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        Files.deleteIfExists(filler); // a filler made before counts as free space
        long free = Files.getFileStore(dir).getUsableSpace();
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 16];
            for (long left = free - LEFT_FREE; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return filler;
    }

    private static void writeRandom(Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(23).nextBytes(bytes); // incompressible: the gzip layer is as big
        Files.write(file, bytes);
    }

    /** A root file system tarball with one file of random bytes. */
    private static Path randomRootfs(Path tar, int size) throws IOException {
        Path dir = Files.createTempDirectory(tar.getParent(), "rootfs-");
        writeRandom(dir.resolve("random"), size);
        try {
            Commands.run("tar", "-C", dir.toString(), "-cf", tar.toString(), "random").assertSuccess();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return tar;
    }
}
