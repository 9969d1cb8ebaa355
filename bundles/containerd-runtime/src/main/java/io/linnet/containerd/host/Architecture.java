package io.linnet.containerd.host;

/** Machine names as uname -m prints them, which is what dockerd reports. */
public final class Architecture {

    private Architecture() {
    }

    public static String current() {
        return fromJavaArch(System.getProperty("os.arch"));
    }

    /** Java's os.arch spelled the uname way. */
    public static String fromJavaArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i486", "i586", "i686" -> "i686";
            case "arm" -> "armv7l";
            case "ppc64le" -> "ppc64le";
            default -> osArch;
        };
    }
}
