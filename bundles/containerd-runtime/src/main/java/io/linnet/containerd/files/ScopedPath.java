package io.linnet.containerd.files;

import io.linnet.files.Names;

/**
 * docker cp's lexical path rules (Go's filepath.Clean and Base, a trailing "/." or "/"). Nothing
 * here looks at a file: lookups go through the confined root (io.linnet.files.ConfinedRoot).
 */
public final class ScopedPath {

    private ScopedPath() {
    }

    /** Go's filepath.Clean("/" + path): absolute, no ".", "..", double or trailing slashes. */
    public static String clean(String path) {
        return Names.clean(path);
    }

    /** Whether the path names what a trailing symlink points at ("dir/" or "dir/."), as docker cp treats it. */
    static boolean followsLast(String path) {
        return path.endsWith("/") || path.endsWith("/.") || path.equals(".");
    }

    /** The last element, as Go's filepath.Base: "/" for the root, "." for "dir/.". */
    static String base(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return ".";
        }
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static String parent(String cleanPath) {
        return Names.parent(cleanPath);
    }

    static String join(String dir, String name) {
        return Names.join(dir, name);
    }

    /** Whether {@code path} is {@code dir} or below it (both clean). */
    static boolean within(String dir, String path) {
        return Names.within(dir, path);
    }
}
