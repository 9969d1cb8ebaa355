package io.linnet.network.cni;

import io.linnet.engine.api.UnknownException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Linux bridge name a client chose ({@code com.docker.network.bridge.name}), checked before anything is made
 * with it: the kernel's rules for interface names (at most 15 bytes, not "." or "..", no '/', ':' or white space)
 * and no existing interface that is not a bridge, so a network never takes over eth0 or lo. dockerd leaves the
 * first to netlink and answers its errors (500 with netlink's text); the texts here are dockerd's.
 */
final class BridgeName {

    private final Path sysClassNet;

    BridgeName(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    static BridgeName ofHost() {
        return new BridgeName(Path.of("/sys/class/net"));
    }

    void check(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 15) {
            // what netlink answers dockerd's lookup of a longer name (ERANGE)
            throw new UnknownException("failed to check bridge interface existence: numerical result out of range");
        }
        if (!validInterfaceName(name)) {
            throw new UnknownException("invalid argument");
        }
        Path link = sysClassNet.resolve(name);
        if (Files.exists(link) && !Files.isDirectory(link.resolve("bridge"))) {
            throw new UnknownException("existing interface " + name + " is not a bridge");
        }
    }

    /** The kernel's dev_valid_name over the name's UTF-8 bytes (its isspace counts 0xa0), for at most 15 bytes. */
    static boolean validInterfaceName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || c == ':' || c == ' ' || c >= '\t' && c <= '\r' || c == 0xa0 || c == 0) {
                return false;
            }
        }
        return true;
    }
}
