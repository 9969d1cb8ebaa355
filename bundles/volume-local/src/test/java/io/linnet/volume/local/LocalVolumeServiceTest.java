package io.linnet.volume.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVolumeServiceTest {
    @TempDir
    Path data;

    private LocalVolumeService service() {
        return new LocalVolumeService(data);
    }

    private static VolumeCreateRequest named(String name) {
        return new VolumeCreateRequest(name, null, null, null);
    }

    @Test
    void createsOnDiskAndReadsBackAfterRestart() throws Exception {
        LocalVolumeService s = service();
        Volume v = s.create(new VolumeCreateRequest("web", "local", Map.of("type", "tmpfs", "device", "tmpfs",
                "o", "size=10m"), Map.of("tier", "front")));
        Path dir = data.resolve("volumes/web");
        assertEquals(dir.resolve("_data").toRealPath().toString(), v.mountpoint());
        assertTrue(Files.isDirectory(dir.resolve("_data")));
        assertTrue(Files.isRegularFile(dir.resolve("volume.json")));
        assertEquals("rwx-----x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("_data"))));
        assertEquals("local", v.driver());
        assertEquals("local", v.scope());
        assertNull(s.create(named("plain")).labels());
        assertTrue(s.create(new VolumeCreateRequest("empty", null, Map.of(), Map.of())).labels().isEmpty());

        LocalVolumeService again = service();
        Volume back = again.inspect("web");
        assertEquals(v, back);
        assertEquals(List.of("empty", "plain", "web"), again.list().stream().map(Volume::name).toList());
        assertNull(again.inspect("plain").labels());
        assertNull(again.inspect("plain").options());
        assertEquals(Map.of(), again.inspect("empty").options());
    }

    @Test
    void createIsIdempotentAsDockerds() {
        LocalVolumeService s = service();
        Volume first = s.create(new VolumeCreateRequest("same", null, null, Map.of("a", "1")));
        // dockerd answers the existing volume: other labels or options neither change nor conflict.
        assertEquals(first, s.create(new VolumeCreateRequest("same", "local", Map.of("type", "tmpfs"), Map.of("b", "2"))));
        assertEquals("create same: error looking up volume plugin nope: plugin \"nope\" not found",
                assertThrows(NotFoundException.class,
                        () -> s.create(new VolumeCreateRequest("same", "nope", null, null))).getMessage());
    }

    @Test
    void anonymousVolumesGetAGeneratedNameAndTheLabel() {
        Volume v = service().create(new VolumeCreateRequest("", null, null, Map.of("x", "y")));
        assertTrue(v.name().matches("[0-9a-f]{64}"));
        assertEquals(Map.of("x", "y", VolumeService.ANONYMOUS_LABEL, ""), v.labels());
        assertTrue(v.anonymous());
    }

    @Test
    void hostileNamesTouchNothing() throws Exception {
        LocalVolumeService s = service();
        Path outside = data.resolve("keep");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("f"), "x");
        for (String bad : List.of("../keep", "..", "/tmp/x", "a/../../keep", "../x")) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> s.create(named(bad)));
            assertTrue(e.getMessage().startsWith("create " + bad + ": \"" + bad + "\" includes invalid characters"),
                    e.getMessage());
            assertThrows(NotFoundException.class, () -> s.remove(bad, false));
            s.remove(bad, true);
            assertThrows(NotFoundException.class, () -> s.inspect(bad));
        }
        assertTrue(Files.exists(outside.resolve("f")));
        try (Stream<Path> entries = Files.list(data)) {
            assertEquals(Set.of(data.resolve("keep"), data.resolve("volumes")), Set.copyOf(entries.toList()));
        }
        try (Stream<Path> entries = Files.list(data.resolve("volumes"))) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void optionErrorsCarryTheName() {
        assertEquals("create v1: invalid option: \"x\"", assertThrows(InvalidParameterException.class,
                () -> service().create(new VolumeCreateRequest("v1", null, Map.of("x", "1"), null))).getMessage());
        assertFalse(Files.exists(data.resolve("volumes/v1")));
    }

    @Test
    void removeAsDockerd() throws Exception {
        LocalVolumeService s = service();
        s.create(named("gone"));
        Path target = Files.createDirectories(data.resolve("target"));
        Files.writeString(target.resolve("precious"), "x");
        Files.createSymbolicLink(data.resolve("volumes/gone/_data/link"), target);
        s.remove("gone", false);
        assertFalse(Files.exists(data.resolve("volumes/gone")));
        assertTrue(Files.exists(target.resolve("precious")), "symbolic links are never followed");
        assertEquals("get gone: no such volume",
                assertThrows(NotFoundException.class, () -> s.remove("gone", false)).getMessage());
        s.remove("gone", true);

        s.create(named("used"));
        s.bindReferences(name -> name.equals("used") ? Set.of("c2", "c1") : Set.of());
        assertEquals("remove used: volume is in use - [c1, c2]",
                assertThrows(ConflictException.class, () -> s.remove("used", true)).getMessage());
        assertEquals(1, s.list().size());
    }

    @Test
    void pruneSelectsAsDockerdOnApi143() throws Exception {
        LocalVolumeService s = service();
        Volume anon = s.create(new VolumeCreateRequest(null, null, null, Map.of("keep", "no")));
        Volume anonKept = s.create(new VolumeCreateRequest(null, null, null, Map.of("keep", "yes")));
        s.create(named("named"));
        s.create(new VolumeCreateRequest("mounted", null, Map.of("type", "tmpfs", "device", "tmpfs"), null));
        Volume anonUsed = s.create(named(""));
        s.bindReferences(name -> name.equals(anonUsed.name()) ? Set.of("c1") : Set.of());
        Files.writeString(Path.of(anon.mountpoint(), "f"), "hello");
        Files.createDirectories(Path.of(anon.mountpoint(), "d"));
        Files.write(Path.of(anon.mountpoint(), "d", "z"), new byte[5000]);
        Files.createLink(Path.of(anon.mountpoint(), "hard"), Path.of(anon.mountpoint(), "f"));
        Files.createSymbolicLink(Path.of(anon.mountpoint(), "l"), Path.of("/etc/passwd"));

        VolumeService.PruneReport report = s.prune(false, new PruneFilter(List.of(), List.of(), List.of("keep=yes")));
        assertEquals(List.of(anon.name()), report.deleted());
        assertEquals(5 + 5000 + "/etc/passwd".length(), report.spaceReclaimed());
        assertTrue(Files.exists(Path.of("/etc/passwd")));

        report = s.prune(true, PruneFilter.NONE);
        assertEquals(Set.of(anonKept.name(), "named"), Set.copyOf(report.deleted()));
        assertEquals(Set.of("mounted", anonUsed.name()), Set.copyOf(s.list().stream().map(Volume::name).toList()));
    }

    @Test
    void usageCountsDataAndReferences() throws Exception {
        LocalVolumeService s = service();
        Volume v = s.create(named("sized"));
        Files.write(Path.of(v.mountpoint(), "x"), new byte[1234]);
        Volume u = s.listWithUsage().get(0);
        assertEquals(1234, u.usage().size());
        assertEquals(0, u.usage().refCount());
        assertNull(s.inspect("sized").usage());
    }

    @Test
    void directoriesWithoutMetadataAreAdoptedAndJunkIgnored() throws Exception {
        Files.createDirectories(data.resolve("volumes/handmade/_data"));
        Files.createDirectories(data.resolve("volumes/_bad"));
        Files.writeString(data.resolve("volumes/afile"), "x");
        Files.createDirectories(data.resolve("elsewhere"));
        Files.createSymbolicLink(data.resolve("volumes/linked"), data.resolve("elsewhere"));
        LocalVolumeService s = service();
        assertEquals(List.of("handmade"), s.list().stream().map(Volume::name).toList());
        assertNull(s.inspect("handmade").labels());
    }
}
