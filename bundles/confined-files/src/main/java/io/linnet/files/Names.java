package io.linnet.files;

import java.util.ArrayList;
import java.util.List;

/** Lexical path arithmetic on the '/'-separated paths a container or a context uses (nothing is looked up). */
public final class Names {

    private Names() {
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

    /** The parent of a clean path ("/" for "/" and its children). */
    public static String parent(String cleanPath) {
        int slash = cleanPath.lastIndexOf('/');
        return slash <= 0 ? "/" : cleanPath.substring(0, slash);
    }

    /** The last element of a clean path ("/" for the root). */
    public static String base(String cleanPath) {
        return cleanPath.equals("/") ? "/" : cleanPath.substring(cleanPath.lastIndexOf('/') + 1);
    }

    public static String join(String dir, String name) {
        return clean(dir + "/" + name);
    }

    /** Whether {@code path} is {@code dir} or below it (both clean). */
    public static boolean within(String dir, String path) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }
}
