package io.linnet.admin;

import io.linnet.features.AdminProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <exec-root>/admin.sock}, mode 0600, for {@code linnetd admin}. Root only: the kernel's
 * credentials of the peer (SO_PEERCRED) are checked on every connection, whatever the socket's mode.
 * A request is one line, the command and its arguments separated by tabs; the answer is the
 * command's text, then a last line {@code exit N}.
 */
@Component(immediate = true, service = {}, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class AdminSocket {
    static final String SOCKET_NAME = AdminProtocol.SOCKET;
    private static final Logger LOG = LoggerFactory.getLogger(AdminSocket.class);
    private static final int MAX_REQUEST = 64 * 1024;

    private final BundleAdmin admin;
    private final Path path;
    private final ServerSocketChannel server;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linnet-admin");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public AdminSocket(@Reference BundleAdmin admin, AdminConfig config) throws IOException {
        this.admin = admin;
        this.path = Path.of(config.execRoot()).resolve(SOCKET_NAME);
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        // the exec root is 0700 already; the socket itself is the owner's alone too
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        sessions.execute(this::accept);
        LOG.info("admin commands on unix://{}", path);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                sessions.execute(() -> serve(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("admin socket: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client; OutputStream out = Channels.newOutputStream(client)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8), 4096);
            String request = in.readLine();
            // read first, so that a refused client still gets the answer rather than a broken pipe
            String user = PeerCredentials.user(client);
            if (!"root".equals(user)) {
                LOG.warn("admin command refused to user {}", user);
                answer(out, "admin commands are for root only (you are " + user + ")\n", 1);
                return;
            }
            if (request == null || request.length() > MAX_REQUEST) {
                answer(out, "empty or oversized request\n", 2);
                return;
            }
            List<String> command = AdminProtocol.command(request);
            LOG.info("admin: {}", String.join(" ", command));
            try {
                answer(out, admin.run(command), 0);
            } catch (IllegalArgumentException e) {
                answer(out, e.getMessage() + "\n", 2);
            } catch (Exception e) {
                LOG.warn("admin command {} failed", command, e);
                answer(out, "failed: " + e + "\n", 1);
            }
        } catch (IOException e) {
            LOG.debug("admin session ended: {}", e.getMessage());
        }
    }

    private static void answer(OutputStream out, String text, int exit) throws IOException {
        out.write(AdminProtocol.answer(text, exit));
        out.flush();
    }

    @Deactivate
    void close() throws IOException {
        server.close();
        sessions.shutdownNow();
        Files.deleteIfExists(path);
    }

    /** SO_PEERCRED on a UNIX socket channel (JDK 16+), looked up so that no bundle imports jdk.net. */
    static final class PeerCredentials {
        private PeerCredentials() {
        }

        @SuppressWarnings("unchecked")
        static String user(SocketChannel channel) throws IOException {
            try {
                Class<?> options = ClassLoader.getPlatformClassLoader().loadClass("jdk.net.ExtendedSocketOptions");
                SocketOption<Object> peerCred = (SocketOption<Object>) options.getField("SO_PEERCRED").get(null);
                Object principal = channel.getOption(peerCred);
                return ((UserPrincipal) principal.getClass().getMethod("user").invoke(principal)).getName();
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot read the peer's credentials", e);
            }
        }
    }
}
