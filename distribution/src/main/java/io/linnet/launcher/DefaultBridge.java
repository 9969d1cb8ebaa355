package io.linnet.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --bridge}/{@code -b} checked before the daemon starts, as dockerd refuses to start with a bridge it cannot
 * use: a Linux interface name (the kernel's rules: at most 15 bytes, not "." or "..", no '/', ':' or white space)
 * that names no interface but a bridge. network-cni holds the same rule for the names clients choose.
 */
final class DefaultBridge {

    private DefaultBridge() {
    }

    static void check(String name, Path sysClassNet) {
        String prefix = "Error initializing network controller: Error creating default \"bridge\" network: ";
        if (name.getBytes(StandardCharsets.UTF_8).length > 15) {
            throw new IllegalArgumentException(prefix
                    + "failed to check bridge interface existence: numerical result out of range");
        }
        boolean valid = !name.isEmpty() && !name.equals(".") && !name.equals("..");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            valid &= c != '/' && c != ':' && c != ' ' && !(c >= '\t' && c <= '\r') && c != 0xa0 && c != 0;
        }
        if (!valid) {
            throw new IllegalArgumentException(prefix + "invalid bridge name " + quoted(name));
        }
        Path link = sysClassNet.resolve(name);
        if (Files.exists(link) && !Files.isDirectory(link.resolve("bridge"))) {
            throw new IllegalArgumentException(prefix + "existing interface " + name + " is not a bridge");
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
