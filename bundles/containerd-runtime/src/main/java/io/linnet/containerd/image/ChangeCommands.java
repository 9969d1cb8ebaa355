package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.containerd.files.ScopedPath;
import io.linnet.engine.api.InvalidParameterException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Dockerfile instructions {@code docker import --change} accepts, applied to an image
 * configuration as dockerd does (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR, VOLUME,
 * STOPSIGNAL, ONBUILD).
 */
final class ChangeCommands {

    String user = "";
    final List<String> env = new ArrayList<>();
    List<String> cmd;
    List<String> entrypoint;
    String workingDir = "";
    final Map<String, String> labels = new LinkedHashMap<>();
    final TreeSet<String> exposedPorts = new TreeSet<>();
    final TreeSet<String> volumes = new TreeSet<>();
    String stopSignal = "";
    final List<String> onBuild = new ArrayList<>();
    private boolean cmdSet;

    static ChangeCommands parse(List<String> changes) {
        ChangeCommands c = new ChangeCommands();
        if (changes != null) {
            for (String change : changes) {
                c.apply(change);
            }
        }
        return c;
    }

    void apply(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        int space = indexOfWhitespace(trimmed);
        String instruction = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : trimmed.substring(space).strip();
        switch (instruction) {
            case "CMD" -> {
                cmd = commandForm(rest);
                cmdSet = true;
            }
            case "ENTRYPOINT" -> {
                entrypoint = commandForm(rest);
                if (!cmdSet) {
                    cmd = null; // as a Dockerfile: ENTRYPOINT resets an inherited CMD
                }
            }
            case "ENV" -> pairs("ENV", rest).forEach(this::setEnv);
            case "LABEL" -> labels.putAll(pairs("LABEL", rest));
            case "EXPOSE" -> {
                for (String spec : words(rest)) {
                    exposedPorts.addAll(ports(spec));
                }
            }
            case "USER" -> user = required("USER", rest);
            case "WORKDIR" -> {
                String dir = required("WORKDIR", rest);
                workingDir = ScopedPath.clean(dir.startsWith("/") ? dir : (workingDir.isEmpty() ? "/" : workingDir) + "/" + dir);
            }
            case "VOLUME" -> {
                List<String> list = jsonArray(rest);
                for (String v : list != null ? list : words(rest)) {
                    if (v.isBlank()) {
                        throw new InvalidParameterException("VOLUME specified can not be an empty string");
                    }
                    volumes.add(v);
                }
            }
            case "STOPSIGNAL" -> stopSignal = required("STOPSIGNAL", rest);
            case "ONBUILD" -> onBuild.add(required("ONBUILD", rest));
            default -> throw new InvalidParameterException(instruction + " is not a valid change command");
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String required(String instruction, String value) {
        if (value.isEmpty()) {
            throw new InvalidParameterException(instruction + " requires exactly one argument");
        }
        return value;
    }

    /** JSON form ["a","b"], else the shell form: ["/bin/sh", "-c", text]. */
    static List<String> commandForm(String rest) {
        List<String> json = jsonArray(rest);
        if (json != null) {
            return json;
        }
        return rest.isEmpty() ? List.of() : List.of("/bin/sh", "-c", rest);
    }

    private static List<String> jsonArray(String text) {
        return io.linnet.api.model.json.DockerJson.stringArray(text);
    }

    private void setEnv(String key, String value) {
        String entry = key + "=" + value;
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).startsWith(key + "=")) {
                env.set(i, entry);
                return;
            }
        }
        env.add(entry);
    }

    /** "k=v k2='v 2'" pairs, or the legacy "k v" form (the rest of the line is the value). */
    static Map<String, String> pairs(String instruction, String rest) {
        if (rest.isEmpty()) {
            throw new InvalidParameterException(instruction + " requires at least one argument");
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<String> words = words(rest);
        if (!words.get(0).contains("=")) {
            int space = indexOfWhitespace(rest);
            if (space < 0) {
                throw new InvalidParameterException(instruction + " names can not be blank");
            }
            String value = rest.substring(space).strip();
            out.put(rest.substring(0, space), unquote(value));
            return out;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new InvalidParameterException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            out.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return out;
    }

    private static String unquote(String value) {
        List<String> words = words(value);
        return words.size() == 1 ? words.get(0) : value;
    }

    /** Shell-like words: quotes group, backslash escapes; quotes are removed. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new InvalidParameterException("unexpected end of statement while looking for matching " + quote);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    /** "80", "80/udp", "8000-8002/tcp" as "port/proto" keys. */
    static List<String> ports(String spec) {
        String proto = "tcp";
        String ports = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            ports = spec.substring(0, slash);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new InvalidParameterException("invalid proto: " + proto);
        }
        int dash = ports.indexOf('-');
        int start = port(dash < 0 ? ports : ports.substring(0, dash), spec);
        int end = dash < 0 ? start : port(ports.substring(dash + 1), spec);
        if (end < start) {
            throw new InvalidParameterException("invalid range specified for container port: " + spec);
        }
        List<String> out = new ArrayList<>();
        for (int p = start; p <= end; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }

    private static int port(String text, String spec) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid containerPort: " + spec);
        }
    }

    /** The "config" object of the image configuration, with Docker's keys. */
    ObjectNode toJson() {
        ObjectNode c = ImageJson.MAPPER.createObjectNode();
        c.put("Hostname", "");
        c.put("Domainname", "");
        c.put("User", user);
        c.put("AttachStdin", false);
        c.put("AttachStdout", false);
        c.put("AttachStderr", false);
        if (!exposedPorts.isEmpty()) {
            ObjectNode ports = c.putObject("ExposedPorts");
            exposedPorts.forEach(p -> ports.putObject(p));
        }
        c.put("Tty", false);
        c.put("OpenStdin", false);
        c.put("StdinOnce", false);
        ImageJson.putStrings(c, "Env", env);
        ImageJson.putStrings(c, "Cmd", cmd);
        c.putNull("Image");
        if (!volumes.isEmpty()) {
            ObjectNode v = c.putObject("Volumes");
            volumes.forEach(v::putObject);
        } else {
            c.putNull("Volumes");
        }
        c.put("WorkingDir", workingDir);
        ImageJson.putStrings(c, "Entrypoint", entrypoint);
        ImageJson.putStrings(c, "OnBuild", onBuild.isEmpty() ? null : onBuild);
        if (labels.isEmpty()) {
            c.putNull("Labels");
        } else {
            ObjectNode l = c.putObject("Labels");
            labels.forEach(l::put);
        }
        if (!stopSignal.isEmpty()) {
            c.put("StopSignal", stopSignal);
        }
        c.remove("Image");
        return c;
    }
}
