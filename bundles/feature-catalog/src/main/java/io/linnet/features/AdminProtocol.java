package io.linnet.features;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The admin socket's wire protocol, shared by the daemon's admin bundle and {@code linnetd admin}
 * (the launcher has this bundle's jar on its class path): one request line, the command and its
 * arguments separated by tabs; the answer is text, then a last line {@code exit N}.
 */
public final class AdminProtocol {
    /** The socket's file name in the exec root. */
    public static final String SOCKET = "admin.sock";
    /** The commands, as both usages list them. */
    public static final String COMMANDS = """
              bundles                        one line per bundle: id, state, symbolic name, version
              features                       the features of this distribution and their state
              start   BUNDLE|FEATURE...       start bundles (id or symbolic name) or a feature's bundles
              stop    BUNDLE|FEATURE...       stop them (a stopped API group answers 404)
              update  BUNDLE [JAR|VERSION]    new revision: same jar, a jar, or a version in repository/
              install FEATURE|JAR|MAVEN-ID    install and start
              uninstall BUNDLE|FEATURE...     uninstall
              gogo    COMMAND-LINE            a Gogo command line (lb, scr:list, linnet:bundles...), with
                                             the feature linnet-gogo installed""";
    private static final String EXIT = "exit ";

    private AdminProtocol() {
    }

    /** The request line; an argument holding a tab or a line break cannot travel. */
    public static byte[] request(List<String> command) {
        for (String arg : command) {
            if (arg.contains("\t") || arg.contains("\n")) {
                throw new IllegalArgumentException("arguments may not hold tabs or line breaks");
            }
        }
        return (String.join("\t", command) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The command of a request line (without its line break). */
    public static List<String> command(String requestLine) {
        return requestLine.isEmpty() ? List.of() : Arrays.asList(requestLine.split("\t", -1));
    }

    public static byte[] answer(String text, int exit) {
        return (text + EXIT + exit + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** An answer as read to its end: its text and exit status. */
    public record Answer(String text, int exit) {
        /** The answer in {@code received}, or null when the daemon closed the connection before its exit line. */
        public static Answer of(String received) {
            int last = received.lastIndexOf(EXIT);
            if (last < 0 || !received.endsWith("\n")) {
                return null;
            }
            return new Answer(received.substring(0, last), Integer.parseInt(received.substring(last + EXIT.length()).trim()));
        }
    }
}
