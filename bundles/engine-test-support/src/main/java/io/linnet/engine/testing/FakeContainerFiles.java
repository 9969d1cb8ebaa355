package io.linnet.engine.testing;

import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Regular files of the fake containers by absolute path, with the real service's lookups and its
 * not-found text. No tar is made or read: an archive is the file's bytes, an extract keeps the
 * request body as it came, and export writes every file one after the other.
 */
public final class FakeContainerFiles implements ContainerFiles {
    private static final long REGULAR_0644 = 0644;

    private final FakeContainerService containers;
    private final Map<String, Map<String, byte[]>> files = new HashMap<>();
    private final Map<String, List<Change>> changes = new HashMap<>();

    public FakeContainerFiles(FakeContainerService containers) {
        this.containers = containers;
    }

    public synchronized void reset() {
        files.clear();
        changes.clear();
    }

    /** Puts a regular file into the container (what extract would leave there). */
    public synchronized void put(String idOrName, String path, byte[] content) {
        files.computeIfAbsent(containers.get(idOrName).id(), k -> new TreeMap<>()).put(path, content);
    }

    /** The file's bytes, or null. */
    public synchronized byte[] read(String idOrName, String path) {
        return files.getOrDefault(containers.get(idOrName).id(), Map.of()).get(path);
    }

    /** What {@code changes} answers for the container. */
    public synchronized void setChanges(String idOrName, List<Change> list) {
        changes.put(containers.get(idOrName).id(), List.copyOf(list));
    }

    @Override
    public synchronized PathStat stat(String idOrName, String path) {
        byte[] content = file(idOrName, path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new PathStat(name, content.length, REGULAR_0644, Instant.parse("2024-01-02T03:04:05Z"), "");
    }

    @Override
    public synchronized Archive archive(String idOrName, String path) {
        PathStat stat = stat(idOrName, path);
        byte[] content = file(idOrName, path);
        return new Archive() {
            @Override
            public PathStat stat() {
                return stat;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(content);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void extract(String idOrName, String path, InputStream tar, boolean noOverwriteDirNonDir,
            boolean copyUidGid) {
        containers.get(idOrName);
        try {
            put(idOrName, path, tar.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Archive export(String idOrName) {
        Container c = containers.get(idOrName);
        List<byte[]> all = new ArrayList<>(files.getOrDefault(c.id(), Map.of()).values());
        return new Archive() {
            @Override
            public PathStat stat() {
                return new PathStat("/", 0, 020000000755L, Instant.EPOCH, "");
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                for (byte[] content : all) {
                    out.write(content);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized List<Change> changes(String idOrName) {
        return changes.getOrDefault(containers.get(idOrName).id(), List.of());
    }

    private byte[] file(String idOrName, String path) {
        byte[] content = files.getOrDefault(containers.get(idOrName).id(), Map.of()).get(path);
        if (content == null) {
            throw new NotFoundException("Could not find the file " + path + " in container " + idOrName);
        }
        return content;
    }
}
