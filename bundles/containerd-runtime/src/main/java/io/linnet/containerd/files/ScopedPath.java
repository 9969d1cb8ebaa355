package io.linnet.containerd.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a container, resolved against its root on the host the way the container sees
 * them: a symlink's target (absolute or with any number of "..") is taken inside the root, never
 * on the host. The kernel is only ever handed paths whose components are no symlinks (but the last
 * one when not followed), so every file operation on the result uses NOFOLLOW_LINKS.
 */
public final class ScopedPath {

    /** Linux's limit on symlinks followed in one lookup. */
    static final int MAX_LINKS = 40;

    private ScopedPath() {
    }

    /** Go's filepath.Clean("/" + path): absolute, no ".", "..", double or trailing slashes. */
    public static String clean(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(part);
        }
        return "/" + String.join("/", out);
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
        int slash = cleanPath.lastIndexOf('/');
        return slash <= 0 ? "/" : cleanPath.substring(0, slash);
    }

    static String join(String dir, String name) {
        return clean(dir + "/" + name);
    }

    /** Whether {@code path} is {@code dir} or below it (both clean). */
    static boolean within(String dir, String path) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }

    /** The host path of a clean container path. */
    public static Path host(Path root, String cleanPath) {
        return cleanPath.equals("/") ? root : root.resolve(cleanPath.substring(1));
    }

    /**
     * Resolves symlinks of {@code path} inside {@code root}; the last component only with
     * {@code followLast}. Components that do not exist are kept as they are.
     *
     * @return the clean container path reached
     * @throws IOException when symlinks loop
     */
    public static String resolve(Path root, String path, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        for (String part : path.split("/")) {
            todo.addLast(part);
        }
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(name);
            boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
            if (last && !followLast) {
                break;
            }
            Path host = root.resolve(String.join("/", done));
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // missing (or not a directory): kept as written, the caller's stat says why
            }
            if (!attrs.isSymbolicLink()) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new IOException("too many levels of symbolic links: " + path);
            }
            String target = Files.readSymbolicLink(host).toString();
            done.remove(done.size() - 1);
            if (target.startsWith("/")) {
                done.clear();
            }
            String[] parts = target.split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                todo.addFirst(parts[i]);
            }
        }
        return "/" + String.join("/", done);
    }
}
