package io.linnet.builder;

import io.linnet.engine.api.InvalidParameterException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * COPY/ADD {@code --chown=user[:group]} as moby's classic builder reads it: each part a number or a
 * name from the image's /etc/passwd and /etc/group; a user alone is also looked up as the group.
 * The image is only read when a name needs it.
 */
final class ChownFlag {

    private static final String PREFIX = "unable to convert uid/gid chown string to host mapping: ";
    private static final int FILE_LIMIT = 1024 * 1024;

    private ChownFlag() {
    }

    /** {uid, gid}; {0, 0} without the flag. */
    static int[] resolve(String chown, Supplier<InputStream> rootfs) {
        if (chown == null || chown.isEmpty()) {
            return new int[] {0, 0};
        }
        String[] parts = chown.split(":", 2);
        String user = parts[0];
        String group = parts.length > 1 ? parts[1] : parts[0];
        OptionalInt uid = number(user);
        OptionalInt gid = number(group);
        if (uid.isPresent() && gid.isPresent()) {
            return new int[] {uid.getAsInt(), gid.getAsInt()};
        }
        String[] files = readEtc(rootfs);
        int u = uid.isPresent() ? uid.getAsInt() : lookup(files[0], user, 2).orElseThrow(() ->
                new InvalidParameterException(PREFIX + "can't find uid for user " + user + ": no such user: " + user));
        int g = gid.isPresent() ? gid.getAsInt() : lookup(files[1], group, 2).orElseThrow(() ->
                new InvalidParameterException(PREFIX + "can't find gid for group " + group + ": no such group: " + group));
        return new int[] {u, g};
    }

    private static OptionalInt number(String s) {
        try {
            return OptionalInt.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The numeric field {@code field} of the line whose first field is {@code name} (passwd: uid, group: gid). */
    static OptionalInt lookup(String file, String name, int field) {
        for (String line : file.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length > field && f[0].equals(name)) {
                OptionalInt id = number(f[field].trim());
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return OptionalInt.empty();
    }

    /** etc/passwd and etc/group of the image ("" when missing), from its flattened file system. */
    private static String[] readEtc(Supplier<InputStream> rootfs) {
        String passwd = "";
        String group = "";
        try (InputStream in = rootfs.get(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                name = name.startsWith("/") ? name.substring(1) : name;
                if (e.isFile() && (name.equals("etc/passwd") || name.equals("etc/group"))) {
                    String text = new String(tar.readNBytes(FILE_LIMIT), StandardCharsets.UTF_8);
                    if (name.equals("etc/passwd")) {
                        passwd = text;
                    } else {
                        group = text;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading /etc/passwd and /etc/group of the image: " + e.getMessage(), e);
        }
        return new String[] {passwd, group};
    }
}
