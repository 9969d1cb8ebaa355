package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.engine.api.container.MountPoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerViewTest {

    private static MountPoint volume(String name) {
        return new MountPoint(MountPoint.VOLUME, name, "/v/" + name, "/data", "local", "", true, "", false, "");
    }

    private static Container record(String id, String name, String imageId, long updated, MountPoint... mounts) {
        return Container.newBuilder().setId(id)
                .putLabels(ContainerRecords.NAME, name)
                .putLabels(ContainerRecords.IMAGE_ID, imageId)
                .putExtensions(StoredMounts.EXT_MOUNTS, ContainerRecords.json("Mounts", StoredMounts.json(List.of(mounts))))
                .setCreatedAt(Timestamp.newBuilder().setSeconds(100))
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(updated))
                .build();
    }

    @Test
    void findsByIdNameAndUniquePrefix() {
        ContainerView view = new ContainerView();
        view.put(record("abc111", "/one", "sha256:i1", 1));
        view.put(record("abc222", "/two", "sha256:i1", 1));
        view.put(record("def333", "/three", "sha256:i2", 1));
        assertEquals("/one", view.byId("abc111").getLabelsMap().get(ContainerRecords.NAME));
        assertEquals("abc222", view.byName("/two").getId());
        assertEquals(List.of("abc111", "abc222"), view.withPrefix("abc", 5));
        assertEquals(List.of("def333"), view.withPrefix("d", 5));
        assertEquals(List.of("abc111"), view.withPrefix("abc", 1));
        assertEquals(List.of(), view.withPrefix("x", 5));
    }

    @Test
    void renameMovesTheNameAndAnOlderRecordIsIgnored() {
        ContainerView view = new ContainerView();
        view.put(record("abc", "/old", "sha256:i", 5));
        view.put(record("abc", "/new", "sha256:i", 6));
        assertNull(view.byName("/old"));
        assertEquals("abc", view.byName("/new").getId());
        view.put(record("abc", "/old", "sha256:i", 4)); // a late event's read
        assertEquals("abc", view.byName("/new").getId());
        assertNull(view.byName("/old"));
    }

    @Test
    void volumeAndImageUsersFollowPutsAndRemovals() {
        ContainerView view = new ContainerView();
        view.put(record("a", "/a", "sha256:i1", 1, volume("data"), volume("cache")));
        view.put(record("b", "/b", "sha256:i2", 1, volume("data")));
        assertEquals(Set.of("a", "b"), view.usingVolume("data"));
        assertEquals(Set.of("a"), view.usingVolume("cache"));
        assertEquals(Set.of(), view.usingVolume("other"));
        assertTrue(view.usesImage("sha256:i1"));

        view.remove("a");
        assertEquals(Set.of("b"), view.usingVolume("data"));
        assertEquals(Set.of(), view.usingVolume("cache"));
        assertFalse(view.usesImage("sha256:i1"));
        assertTrue(view.usesImage("sha256:i2"));
    }

    @Test
    void aRemovedContainerIsNotBroughtBackByALateRecord() {
        ContainerView view = new ContainerView();
        view.put(record("a", "/a", "sha256:i", 1, volume("data")));
        view.remove("a");
        view.put(record("a", "/a", "sha256:i", 2, volume("data")));
        assertNull(view.byId("a"));
        assertNull(view.byName("/a"));
        assertEquals(Set.of(), view.usingVolume("data"));
    }

    @Test
    void reconcileDropsWhatContainerdNoLongerListsButKeepsNewerOnes() {
        ContainerView view = new ContainerView();
        view.put(record("gone", "/gone", "sha256:i", 1, volume("v")));
        Container fresh = record("fresh", "/fresh", "sha256:i", 1).toBuilder()
                .setCreatedAt(Timestamp.newBuilder().setSeconds(500)).build();
        view.put(fresh);
        view.reconcile(List.of(record("kept", "/kept", "sha256:i", 1)), 200);
        assertNull(view.byId("gone"));
        assertEquals(Set.of(), view.usingVolume("v"));
        assertEquals("kept", view.byName("/kept").getId());
        assertEquals("fresh", view.byName("/fresh").getId()); // made after the listing began
    }
}
