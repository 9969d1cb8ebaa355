package io.linnet.containerd.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Looks for one file in a layer tar, the layers scanned top first: the topmost layer that holds
 * the path (or a whiteout of it or of a directory above it, or an opaque marker in a directory
 * above it) decides.
 */
final class LayerFileLookup {

    enum Outcome { FOUND, DELETED, NOT_HERE }

    private final String path;
    private final long limit;
    private byte[] content;

    /** @param path absolute or relative path in the root file system ("/etc/passwd") */
    LayerFileLookup(String path, long limit) {
        this.path = normalize(path);
        this.limit = limit;
    }

    byte[] content() {
        return content;
    }

    /** Scans one layer (a plain tar stream). */
    Outcome scan(InputStream layerTar) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(layerTar);
        boolean hiddenBelow = false;
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String name = normalize(e.getName());
            if (name.equals(path)) {
                if (e.isFile() && !e.isLink()) {
                    if (e.getSize() > limit) {
                        throw new IOException(path + " is larger than " + limit + " bytes");
                    }
                    content = tar.readNBytes((int) e.getSize());
                    return Outcome.FOUND;
                }
                return Outcome.DELETED; // a directory, link or device: not a file to read
            }
            int slash = name.lastIndexOf('/');
            String dir = slash < 0 ? "" : name.substring(0, slash);
            String base = name.substring(slash + 1);
            if (base.equals(".wh..wh..opq")) {
                if (isAncestor(dir)) {
                    hiddenBelow = true; // this layer's own entries still count: keep scanning
                }
            } else if (base.startsWith(".wh.")) {
                String removed = (dir.isEmpty() ? "" : dir + "/") + base.substring(4);
                if (removed.equals(path) || isAncestor(removed)) {
                    return Outcome.DELETED;
                }
            } else if (isAncestor(name) && !e.isDirectory()) {
                return Outcome.DELETED; // a directory above the path replaced by a file or link
            }
        }
        return hiddenBelow ? Outcome.DELETED : Outcome.NOT_HERE;
    }

    private boolean isAncestor(String dir) {
        return dir.isEmpty() || path.startsWith(dir + "/");
    }

    static String normalize(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
