package io.linnet.containerd.files;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.files.ConfinedRoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;

/** The uid and gid of the container's Config.User, looked up in its own /etc/passwd and /etc/group (docker cp -a). */
final class OwnerLookup {

    /** Larger account files are refused rather than read whole. */
    static final int MAX_FILE = 8 << 20;

    private OwnerLookup() {
    }

    static TarExtractor.Owner of(ConfinedRoot root, String user) throws IOException {
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
        if (entry != null && entry.length > 3 && number(entry[2]) != null && number(entry[3]) != null) {
            uid = number(entry[2]);
            gid = number(entry[3]);
        } else if (number != null) {
            uid = number;
        } else {
            throw new InvalidParameterException("unable to find user " + name + ": no matching entries in passwd file");
        }
        if (group != null && !group.isEmpty()) {
            Long g = number(group);
            String[] ge = find(root, "/etc/group", group, g);
            if (ge != null && ge.length > 2 && number(ge[2]) != null) {
                gid = number(ge[2]);
            } else if (g != null) {
                gid = g;
            } else {
                throw new InvalidParameterException("unable to find group " + group + ": no matching entries in group file");
            }
        }
        return new TarExtractor.Owner(uid, gid);
    }

    /** The line of a passwd-style file whose name (or, for a number, id) matches, split on ':'. */
    private static String[] find(ConfinedRoot root, String file, String name, Long id) throws IOException {
        byte[] bytes;
        try {
            bytes = root.readAll(file, MAX_FILE);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if ("not a regular file".equals(e.getReason()) || "Is a directory".equals(e.getReason())) {
                return null;
            }
            throw e;
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
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
