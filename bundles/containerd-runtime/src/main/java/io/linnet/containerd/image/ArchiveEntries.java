package io.linnet.containerd.image;

import io.linnet.engine.api.InvalidParameterException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Checks on tar entries of archives users send, and decompression by magic bytes. */
final class ArchiveEntries {

    private ArchiveEntries() {
    }

    /**
     * The entry's path, normalised ("./" prefixes dropped, no trailing slash), or an
     * InvalidParameterException for paths that leave the archive and entries other than
     * regular files, directories and links (devices, FIFOs). Links are only aliases inside the
     * archive: see {@link #linkTarget}.
     */
    static String checkedPath(TarArchiveEntry entry) {
        String name = entry.getName();
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw invalid("an entry has an empty or invalid name");
        }
        if (name.startsWith("/")) {
            throw invalid("entry " + name + " has an absolute path");
        }
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw invalid("entry " + name + " leaves the archive (\"..\")");
            }
        }
        if (entry.isSymbolicLink() || entry.isLink()) {
            return path;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()
                || !entry.isFile() && !entry.isDirectory()) {
            throw invalid("entry " + name + " is neither a regular file nor a directory");
        }
        return path;
    }

    /**
     * The archive path a link entry stands for. docker save (up to Docker 24) writes a layer that
     * two images share once and links the second copy to it; such a link must point at another
     * entry of the archive, never outside it. Nothing is ever written to disk from an archive:
     * a link only makes a second name for a blob already read.
     */
    static String linkTarget(TarArchiveEntry entry, String path) {
        String link = entry.getLinkName();
        if (link == null || link.isEmpty() || link.startsWith("/")) {
            throw invalid("entry " + entry.getName() + " links to " + link + ", outside the archive");
        }
        // Symbolic links are relative to the link's directory; hard links to the archive's root.
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        if (entry.isSymbolicLink() && path.contains("/")) {
            for (String p : path.substring(0, path.lastIndexOf('/')).split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : link.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw invalid("entry " + entry.getName() + " links to " + link + ", outside the archive");
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    static InvalidParameterException invalid(String detail) {
        return new InvalidParameterException("invalid archive: " + detail);
    }

    enum Compression { NONE, GZIP, BZIP2, XZ, ZSTD }

    static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        if (length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return Compression.BZIP2;
        }
        if (length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return Compression.XZ;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }

    /** The stream decompressed as its first bytes say; only the given kinds are accepted. */
    static InputStream decompressed(InputStream raw, boolean allowBzip2AndXz) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 64 * 1024);
        in.mark(8);
        byte[] head = new byte[6];
        int n = in.readNBytes(head, 0, head.length);
        in.reset();
        Compression compression = detect(head, n);
        return switch (compression) {
            case NONE -> in;
            case GZIP -> new GzipCompressorInputStream(in, true);
            case BZIP2 -> {
                if (!allowBzip2AndXz) {
                    throw invalid("bzip2 compression is not supported here");
                }
                yield new BZip2CompressorInputStream(in, true);
            }
            case XZ -> {
                if (!allowBzip2AndXz) {
                    throw invalid("xz compression is not supported here");
                }
                yield new XZCompressorInputStream(in, true);
            }
            case ZSTD -> throw invalid("zstd compression is not supported");
        };
    }
}
