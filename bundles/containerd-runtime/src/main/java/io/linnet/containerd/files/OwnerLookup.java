package io.linnet.containerd.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The uid and gid of the container's Config.User, looked up in its own /etc/passwd and /etc/group (docker cp -a). */
final class OwnerLookup {

    private OwnerLookup() {
    }

    static TarExtractor.Owner of(Path root, String user) throws IOException {
        if (user == null || user.isEmpty()) {
            return new TarExtractor.Owner(0, 0);
        }
        String name = user;
        String group = null;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            name = user.substring(0, colon);
            group = user.substring(colon + 1);
        }
        long uid;
        long gid = 0;
        Long number = number(name);
        String[] entry = find(root, "/etc/passwd", name, number);
        if (entry != null && entry.length > 3) {
            uid = Long.parseLong(entry[2]);
            gid = Long.parseLong(entry[3]);
        } else if (number != null) {
            uid = number;
        } else {
            throw new io.linnet.engine.api.InvalidParameterException("unable to find user " + name + ": no matching entries in passwd file");
        }
        if (group != null && !group.isEmpty()) {
            Long g = number(group);
            String[] ge = find(root, "/etc/group", group, g);
            if (ge != null && ge.length > 2) {
                gid = Long.parseLong(ge[2]);
            } else if (g != null) {
                gid = g;
            } else {
                throw new io.linnet.engine.api.InvalidParameterException("unable to find group " + group + ": no matching entries in group file");
            }
        }
        return new TarExtractor.Owner(uid, gid);
    }

    /** The line of a passwd-style file whose name (or, for a number, id) matches, split on ':'. */
    private static String[] find(Path root, String file, String name, Long id) throws IOException {
        Path host = ScopedPath.host(root, ScopedPath.resolve(root, file, true));
        if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        for (String line : Files.readAllLines(host, StandardCharsets.UTF_8)) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && (f[0].equals(name) || (id != null && f[2].equals(Long.toString(id))))) {
                return f;
            }
        }
        return null;
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
