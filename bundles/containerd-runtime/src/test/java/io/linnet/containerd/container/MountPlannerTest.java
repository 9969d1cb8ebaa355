package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.Mount;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountPlannerTest {

    @TempDir
    Path tmp;

    /** Records the volumes asked for; names anonymous ones anon0, anon1... */
    private final List<VolumeCreateRequest> created = new ArrayList<>();
    private final VolumeService volumes = new VolumeService() {
        @Override
        public Volume create(VolumeCreateRequest r) {
            created.add(r);
            String name = r.name() == null ? "anon" + created.size() : r.name();
            return new Volume(name, "local", "/vols/" + name + "/_data", Instant.EPOCH, r.labels(), r.driverOpts(), "local", null);
        }
        @Override public List<Volume> list() { return List.of(); }
        @Override public List<Volume> listWithUsage() { return List.of(); }
        @Override public Volume inspect(String name) { throw new UnsupportedOperationException(); }
        @Override public int referenceCount(String name) { return 0; }
        @Override public void remove(String name, boolean force) { }
        @Override public PruneReport prune(boolean all, io.linnet.engine.api.PruneFilter filter) { return null; }
    };

    private List<MountPlanner.Planned> plan(HostConfig host, List<String> configVolumes, List<String> imageVolumes) {
        MountPoint other = new MountPoint(MountPoint.VOLUME, "shared", "/vols/shared/_data", "/shared", "local", "z",
                true, "", false, "");
        return new MountPlanner(volumes, name -> List.of(other)).plan(host, configVolumes, imageVolumes);
    }

    private static MountPoint at(List<MountPlanner.Planned> planned, String destination) {
        return planned.stream().map(MountPlanner.Planned::mount).filter(m -> m.destination().equals(destination))
                .findFirst().orElseThrow();
    }

    @Test
    void bindsAsDockerdShowsThem() {
        String host = tmp.resolve("made-for-me").toString();
        var planned = plan(TestHostConfig.builder().binds(List.of(host + ":/h:ro", "named:/n", "/anon-here")).build(),
                List.of(), List.of());
        assertEquals(new MountPoint("bind", "", host, "/h", "", "ro", false, "rprivate", false, ""), at(planned, "/h"));
        assertTrue(Files.isDirectory(Path.of(host)), "a missing -v host directory is created, as dockerd does");
        assertEquals(new MountPoint("volume", "named", "/vols/named/_data", "/n", "local", "z", true, "", false, ""),
                at(planned, "/n"));
        assertTrue(at(planned, "/anon-here").anonymous());
        assertTrue(planned.stream().filter(p -> p.mount().type().equals("volume")).allMatch(MountPlanner.Planned::copyUp));
    }

    @Test
    void aFileIsBoundAsItIs() throws Exception {
        Path file = Files.writeString(tmp.resolve("tool"), "#!/bin/sh\n");
        var planned = plan(TestHostConfig.builder().binds(List.of(file + ":/tool:ro")).build(), List.of(), List.of());
        assertEquals(new MountPoint("bind", "", file.toString(), "/tool", "", "ro", false, "rprivate", false, ""),
                at(planned, "/tool"));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void mountsOfEveryType() {
        var planned = plan(TestHostConfig.builder().mounts(List.of(
                new Mount("tmpfs", "", "/t", false, "", null, null, new Mount.TmpfsOptions(1000, 01777), null),
                new Mount("volume", "", "/mv", true, "", null, new Mount.VolumeOptions(true, Map.of("a", "b"), null), null, null),
                new Mount("bind", tmp.toString(), "/b/", false, "", new Mount.BindOptions("rshared", false, false), null, null, null)))
                .build(), List.of(), List.of());
        assertEquals("size=1000,mode=1777", at(planned, "/t").options());
        MountPoint mv = at(planned, "/mv");
        assertTrue(mv.anonymous());
        assertFalse(mv.rw());
        assertEquals(Map.of("a", "b"), created.get(0).labels());
        assertFalse(planned.stream().anyMatch(p -> p.mount().destination().equals("/mv") && p.copyUp()), "nocopy");
        assertEquals("rshared", at(planned, "/b").propagation());
    }

    @Test
    void imageAndConfigVolumesOnlyWhereNothingElseIs() {
        var planned = plan(TestHostConfig.builder().binds(List.of("named:/data")).tmpfs(Map.of("/run", "")).build(),
                List.of("/extra"), List.of("/data", "/run", "/var/lib/x/"));
        assertEquals("named", at(planned, "/data").name());
        assertTrue(at(planned, "/extra").anonymous());
        assertTrue(at(planned, "/var/lib/x").anonymous());
        assertFalse(planned.stream().anyMatch(p -> p.mount().destination().equals("/run")));
        assertEquals(3, planned.size());
    }

    @Test
    void volumesFromCopiesMountsAndMode() {
        var planned = plan(TestHostConfig.builder().volumesFrom(List.of("other:ro")).build(), List.of(), List.of());
        MountPoint shared = at(planned, "/shared");
        assertFalse(shared.rw());
        assertFalse(shared.anonymous(), "another container's volume is never this one's to remove");
    }

    @Test
    void refusalsWithDockerdsWords() {
        assertEquals("invalid volume specification: 'named:relative': invalid mount config for type \"volume\": "
                        + "invalid mount path: 'relative' mount path must be absolute",
                assertThrows(InvalidParameterException.class,
                        () -> plan(TestHostConfig.builder().binds(List.of("named:relative")).build(), List.of(), List.of()))
                        .getMessage());
        assertEquals("Duplicate mount point: /x", assertThrows(InvalidParameterException.class,
                () -> plan(TestHostConfig.builder().binds(List.of("a:/x", "b:/x/")).build(), List.of(), List.of()))
                .getMessage());
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir",
                assertThrows(InvalidParameterException.class, () -> plan(TestHostConfig.builder().mounts(List.of(
                        new Mount("bind", "/no/such/dir", "/x", false, "", null, null, null, null)))
                        .build(), List.of(), List.of())).getMessage());
        assertThrows(InvalidParameterException.class,
                () -> plan(TestHostConfig.builder().binds(List.of("a:/x:bogus")).build(), List.of(), List.of()));
        assertThrows(InvalidParameterException.class,
                () -> plan(TestHostConfig.builder().binds(List.of("a:/")).build(), List.of(), List.of()));
    }
}
