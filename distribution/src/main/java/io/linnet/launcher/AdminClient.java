package io.linnet.launcher;

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
                    .resolve("admin.sock");
        } catch (IllegalArgumentException e) {
            System.err.println("linnetd admin: " + e.getMessage());
            return 2;
        }
        for (String arg : command) {
            if (arg.contains("\t") || arg.contains("\n")) {
                System.err.println("linnetd admin: arguments may not hold tabs or line breaks");
                return 2;
            }
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write((String.join("\t", command) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return relay(Channels.newInputStream(channel));
        } catch (IOException e) {
            System.err.println("linnetd admin: cannot reach the daemon at " + socket + ": " + e.getMessage());
            return 1;
        }
    }

    /** Prints the answer (to stderr when the command failed) and returns its exit status. */
    private static int relay(InputStream in) throws IOException {
        String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int last = answer.lastIndexOf("exit ");
        if (last < 0 || !answer.endsWith("\n")) {
            System.err.print(answer);
            System.err.println("linnetd admin: the daemon closed the connection before answering");
            return 1;
        }
        int exit = Integer.parseInt(answer.substring(last + 5).trim());
        (exit == 0 ? System.out : System.err).print(answer.substring(0, last));
        return exit;
    }

    static final String USAGE = """
            Usage: linnetd admin [--exec-root DIR] [--config-file FILE] COMMAND [ARG...]

            Commands for the running daemon (root only):
              bundles                        one line per bundle: id, state, symbolic name, version
              features                       the features of this distribution and their state
              start   BUNDLE|FEATURE...       start bundles (id or symbolic name) or a feature's bundles
              stop    BUNDLE|FEATURE...       stop them (a stopped API group answers 404)
              update  BUNDLE [JAR|VERSION]    new revision: same jar, a jar, or a version in repository/
              install FEATURE|JAR|MAVEN-ID    install and start
              uninstall BUNDLE|FEATURE...     uninstall""";
}
