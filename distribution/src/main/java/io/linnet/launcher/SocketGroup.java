package io.linnet.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group of the API's UNIX sockets, as dockerd's {@code --group}: a name or a number, "docker" unless set
 * (root's group, with a warning, where the host has no docker group); a group the host does not have is refused
 * at start. Applied each time the HTTP host starts listening (it registers a marker then, after setting the
 * sockets' mode), so a restarted API bundle keeps it. Sockets systemd passes (fd://) keep the unit's SocketGroup.
 */
final class SocketGroup {
    private static final Logger LOG = LoggerFactory.getLogger("linnetd");
    static final String DEFAULT = "docker";
    private final GroupPrincipal group;
    private final List<Path> sockets;

    private SocketGroup(GroupPrincipal group, List<Path> sockets) {
        this.group = group;
        this.sockets = sockets;
    }

    /** The group of the daemon's unix:// sockets; null (root's) for a missing default group. */
    static SocketGroup of(DaemonOptions options) {
        List<Path> sockets = options.hosts().stream().filter(h -> h.startsWith("unix://"))
                .map(h -> Path.of(h.substring("unix://".length()))).toList();
        try {
            return new SocketGroup(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(options.group()), sockets);
        } catch (UserPrincipalNotFoundException e) {
            if (!options.group().equals(DEFAULT)) {
                throw new IllegalArgumentException("failed to load listeners: group " + options.group() + " not found");
            }
            if (!sockets.isEmpty()) {
                LOG.warn("could not change group {} to {}: group {} not found", sockets, DEFAULT, DEFAULT);
            }
            return new SocketGroup(null, sockets);
        } catch (IOException e) {
            throw new IllegalArgumentException("failed to load listeners: group " + options.group() + ": "
                    + e.getMessage());
        }
    }

    /** Sets the group now if the API listens, and again whenever it starts listening. */
    void applyWhenListening(BundleContext context) throws InvalidSyntaxException {
        if (group == null || sockets.isEmpty()) {
            return;
        }
        context.addServiceListener(event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                apply();
            }
        }, SystemdNotify.LISTENING_FILTER);
        if (context.getServiceReferences((String) null, SystemdNotify.LISTENING_FILTER) != null) {
            apply();
        }
    }

    private void apply() {
        for (Path socket : sockets) {
            try {
                Files.getFileAttributeView(socket, PosixFileAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).setGroup(group);
            } catch (IOException e) {
                LOG.warn("cannot give {} the group {}: {}", socket, group.getName(), e.getMessage());
            }
        }
    }
}
