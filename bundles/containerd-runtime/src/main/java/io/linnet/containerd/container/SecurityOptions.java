package io.linnet.containerd.container;

import java.util.List;

/** Reading HostConfig.SecurityOpt entries ({@code key=value}, or the old {@code key:value}) as dockerd does. */
final class SecurityOptions {

    private SecurityOptions() {
    }

    /** The value of the last entry with this key, or null. */
    static String value(List<String> securityOpt, String key) {
        String value = null;
        for (String opt : securityOpt) {
            String[] kv = opt.split("[=:]", 2);
            if (kv[0].equals(key) && kv.length == 2) {
                value = kv[1];
            }
        }
        return value;
    }

    /** {@code systempaths=unconfined}: no masked or read-only paths in /proc and /sys. */
    static boolean systemPathsUnconfined(List<String> securityOpt) {
        return "unconfined".equals(value(securityOpt, "systempaths"));
    }
}
