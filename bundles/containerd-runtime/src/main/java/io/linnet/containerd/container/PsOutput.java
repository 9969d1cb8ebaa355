package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.ContainerTop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code docker top}'s use of ps, as moby's daemon/top_unix.go: argument check and output parsing. */
final class PsOutput {

    private static final Pattern PID_FORMAT = Pattern.compile("\\s+([^\\s]*)=\\s*(PID[^\\s]*)");

    private PsOutput() {
    }

    /** Refuses a renamed PID column ({@code -o x=PID}), which would make the PID column unfindable. */
    static void validateArgs(String psArgs) {
        Matcher m = PID_FORMAT.matcher(psArgs);
        while (m.find()) {
            if (!m.group(1).equals("pid")) {
                throw new InvalidParameterException("specifying \"" + m.group(1) + "=" + m.group(2)
                        + "\" is not allowed");
            }
        }
    }

    /** ps's {@code -q} argument selecting the container's processes (faster; not every format allows it). */
    static String pidsArg(List<Integer> pids) {
        StringBuilder b = new StringBuilder("-q");
        for (int i = 0; i < pids.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(pids.get(i));
        }
        return b.toString();
    }

    /**
     * Keeps the rows whose PID is the container's; rows with PID "-" (threads, ps -m) follow the
     * process before them. The last column takes the rest of the line (the command and its arguments).
     */
    static ContainerTop parse(String output, Set<Integer> pids) {
        String[] lines = output.split("\n", -1);
        List<String> titles = fields(lines[0]);
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) {
            throw new IllegalStateException("Couldn't find PID field in ps output");
        }
        List<List<String>> processes = new ArrayList<>();
        boolean previousContained = false;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            List<String> f = fields(lines[i]);
            if (f.size() <= pidIndex) {
                continue;
            }
            if (f.get(pidIndex).equals("-")) {
                if (previousContained) {
                    processes.add(row(f, titles.size()));
                }
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(f.get(pidIndex));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Unexpected pid '" + f.get(pidIndex) + "': " + e.getMessage());
            }
            previousContained = pids.contains(pid);
            if (previousContained) {
                processes.add(row(f, titles.size()));
            }
        }
        return new ContainerTop(titles, processes);
    }

    private static List<String> row(List<String> fields, int columns) {
        if (fields.size() < columns) {
            return fields;
        }
        List<String> row = new ArrayList<>(fields.subList(0, columns - 1));
        row.add(String.join(" ", fields.subList(columns - 1, fields.size())));
        return row;
    }

    /** Splits on ASCII white space only, as moby's fieldsASCII (a command may hold other spaces). */
    static List<String> fields(String line) {
        return Arrays.stream(line.split("[ \\t\\n\\x0B\\f\\r]+")).filter(s -> !s.isEmpty()).toList();
    }
}
