package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** A device node of the host, by stat (for --device). */
record HostDevices(String type, long major, long minor, int fileMode, long uid, long gid) {

    static HostDevices stat(String path) {
        try {
            Path p = Path.of(path).toRealPath();
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            String type = switch (mode & 0170000) {
                case 0020000 -> "c";
                case 0060000 -> "b";
                default -> throw new InvalidParameterException("error gathering device information while adding custom device \""
                        + path + "\": not a device node");
            };
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return new HostDevices(type, major, minor, mode & 07777,
                    ((Number) Files.getAttribute(p, "unix:uid")).longValue(),
                    ((Number) Files.getAttribute(p, "unix:gid")).longValue());
        } catch (IOException e) {
            throw new InvalidParameterException("error gathering device information while adding custom device \""
                    + path + "\": no such file or directory");
        }
    }
}
