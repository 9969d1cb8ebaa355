package io.linnet.launcher;

import io.linnet.features.AdminProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code linnetd admin [daemon flags] COMMAND [ARG...]}: finds the running daemon from the same
 * --exec-root / --config-file as the daemon's and sends the command over its admin socket
 * ({@code <exec-root>/admin.sock}, root only). The daemon answers with text and a last line
 * {@code exit N}, which becomes this process's exit status.
 */
public final class AdminClient {
    private static final Path DEFAULT_CONFIG = Path.of("/etc/linnet/daemon.json");
    private static final Set<String> SWITCHES = Set.of("-D", "--debug");

    private AdminClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        int i = 0;
        List<String> flags = new ArrayList<>();
        while (i < args.length && args[i].startsWith("-")) {
            flags.add(args[i]);
            if (!args[i].contains("=") && !SWITCHES.contains(args[i]) && i + 1 < args.length) {
                flags.add(args[++i]);
            }
            i++;
        }
        List<String> command = Arrays.asList(args).subList(i, args.length);
        if (command.isEmpty() || command.contains("--help")) {
            System.out.println(USAGE);
            return command.isEmpty() ? 2 : 0;
        }
        Path socket;
        try {
            Map<String, Object> parsed = CommandLine.parse(flags.toArray(new String[0]));
            Object named = parsed.get("config-file");
            Path configFile = named == null ? DEFAULT_CONFIG : Path.of((String) named);
            socket = DaemonOptions.merge(parsed, DaemonConfigFile.read(configFile, named != null)).execRoot()
                    .resolve(AdminProtocol.SOCKET);
        } catch (IllegalArgumentException e) {
            System.err.println("linnetd admin: " + e.getMessage());
            return 2;
        }
        byte[] request;
        try {
            request = AdminProtocol.request(command);
        } catch (IllegalArgumentException e) {
            System.err.println("linnetd admin: " + e.getMessage());
            return 2;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(request);
            out.flush();
            return relay(Channels.newInputStream(channel));
        } catch (IOException e) {
            System.err.println("linnetd admin: cannot reach the daemon at " + socket + ": " + e.getMessage());
            return 1;
        }
    }

    /** Prints the answer (to stderr when the command failed) and returns its exit status. */
    private static int relay(InputStream in) throws IOException {
        String received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        AdminProtocol.Answer answer = AdminProtocol.Answer.of(received);
        if (answer == null) {
            System.err.print(received);
            System.err.println("linnetd admin: the daemon closed the connection before answering");
            return 1;
        }
        (answer.exit() == 0 ? System.out : System.err).print(answer.text());
        return answer.exit();
    }

    static final String USAGE = "Usage: linnetd admin [--exec-root DIR] [--config-file FILE] COMMAND [ARG...]\n\n"
            + "Commands for the running daemon (root only):\n" + AdminProtocol.COMMANDS;
}
