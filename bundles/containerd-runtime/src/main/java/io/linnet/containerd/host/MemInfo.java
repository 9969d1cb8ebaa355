package io.linnet.containerd.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Physical memory from /proc/meminfo. */
public final class MemInfo {

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private MemInfo() {
    }

    /** Bytes of physical memory, 0 when unknown. */
    public static long readMemTotal() {
        try {
            return parseMemTotal(Files.readString(MEMINFO));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The MemTotal line ("MemTotal:       24684040 kB") in bytes; 0 when absent. */
    public static long parseMemTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = line.substring("MemTotal:".length()).trim().split("\\s+");
                long value = Long.parseLong(fields[0]);
                boolean kibibytes = fields.length > 1 && fields[1].equalsIgnoreCase("kB");
                return kibibytes ? value * 1024 : value;
            }
        }
        return 0;
    }
}
