package io.linnet.engine.api.container;

/**
 * A mount of a container as inspect shows it (moby's MountPoint), resolved at create time.
 *
 * @param type        bind, volume or tmpfs
 * @param name        the volume's name (volumes only)
 * @param source      the host path (the volume's data directory for volumes; empty for tmpfs)
 * @param mode        the mode as given ("ro", "z", ...), "" when none
 * @param propagation "rprivate" etc. for binds, "" otherwise
 * @param anonymous   a volume made for this container alone (removed with it by {@code rm -v} and {@code --rm})
 * @param options     tmpfs: mount options ("size=1000,mode=1777")
 */
public record MountPoint(String type, String name, String source, String destination, String driver, String mode,
        boolean rw, String propagation, boolean anonymous, String options) {

    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    public MountPoint {
        name = name == null ? "" : name;
        source = source == null ? "" : source;
        driver = driver == null ? "" : driver;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
        options = options == null ? "" : options;
    }
}
