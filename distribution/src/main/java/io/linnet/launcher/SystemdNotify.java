package io.linnet.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify for a Type=notify unit, as dockerd: READY=1 once the API listens (the HTTP host
 * registers a marker then), STOPPING=1 when it stops. The message is a datagram to the UNIX
 * socket in NOTIFY_SOCKET, which Java 17 cannot send (its UNIX sockets are stream only): it is sent
 * by systemd's own {@code systemd-notify}, a child process, hence NotifyAccess=all in linnet.service.
 * Nothing happens without NOTIFY_SOCKET (not started by systemd).
 */
final class SystemdNotify {
    private static final Logger LOG = LoggerFactory.getLogger("linnetd");
    static final String LISTENING_FILTER = "(linnet.api.listening=true)";

    private SystemdNotify() {
    }

    static boolean wanted() {
        String socket = System.getenv("NOTIFY_SOCKET");
        return socket != null && !socket.isEmpty();
    }

    /** Sends READY=1 when the API listens (also if it already does). */
    static void readyWhenListening(BundleContext context) throws InvalidSyntaxException {
        if (!wanted()) {
            return;
        }
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                send("--ready", "--status=API listening");
            }
        };
        context.addServiceListener(listener, LISTENING_FILTER);
        if (context.getServiceReferences((String) null, LISTENING_FILTER) != null) {
            context.removeServiceListener(listener);
            send("--ready", "--status=API listening");
        }
    }

    static void stopping() {
        if (wanted()) {
            send("STOPPING=1");
        }
    }

    private static void send(String... what) {
        List<String> command = new ArrayList<>(List.of("systemd-notify", "--no-block",
                "--pid=" + ProcessHandle.current().pid()));
        command.addAll(List.of(what));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.warn("systemd-notify {} failed: {}", String.join(" ", what), out);
            }
        } catch (IOException e) {
            LOG.warn("cannot tell systemd {}: {}", String.join(" ", what), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
