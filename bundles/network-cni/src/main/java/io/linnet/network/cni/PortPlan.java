package io.linnet.network.cni;

import io.linnet.engine.api.InvalidParameterException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which ports a container publishes: its PortBindings, plus with PublishAllPorts every exposed
 * port on a free host port. A binding's HostPort "" (or "0") asks for a free port; "8000-8010" for
 * the first free one of the range.
 */
final class PortPlan {

    /** A port to publish; {@code hostPortLow == 0}: any free port. */
    record Wanted(int containerPort, String protocol, String hostIp, int hostPortLow, int hostPortHigh) {
    }

    private PortPlan() {
    }

    static List<Wanted> wanted(Map<String, List<Map<String, String>>> bindings, boolean publishAll, List<String> exposed) {
        List<Wanted> out = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        for (var e : bindings.entrySet()) {
            String[] port = parsePortKey(e.getKey());
            bound.add(port[0] + "/" + port[1]);
            List<Map<String, String>> list = e.getValue() == null || e.getValue().isEmpty()
                    ? List.of(Map.of()) : e.getValue();
            for (Map<String, String> b : list) {
                String hostIp = b.getOrDefault("HostIp", "");
                hostIp = hostIp == null ? "" : hostIp;
                if (!hostIp.isEmpty() && !hostIp.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                    continue; // IPv6 host addresses: portmap here publishes IPv4 only
                }
                int[] range = parseHostPort(b.getOrDefault("HostPort", ""));
                out.add(new Wanted(Integer.parseInt(port[0]), port[1], hostIp, range[0], range[1]));
            }
        }
        if (publishAll) {
            for (String key : exposed) {
                String[] port = parsePortKey(key);
                if (bound.add(port[0] + "/" + port[1])) {
                    out.add(new Wanted(Integer.parseInt(port[0]), port[1], "", 0, 0));
                }
            }
        }
        return out;
    }

    /** "80/tcp", "53/udp", "80" → {port, proto}. */
    static String[] parsePortKey(String key) {
        int slash = key.indexOf('/');
        String port = slash < 0 ? key : key.substring(0, slash);
        String proto = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase();
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new InvalidParameterException("invalid proto: " + proto);
        }
        if (port.contains("-")) {
            port = port.substring(0, port.indexOf('-'));
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid containerPort: " + key);
        }
        return new String[] {port, proto};
    }

    static int[] parseHostPort(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return new int[] {0, 0};
        }
        try {
            int dash = hostPort.indexOf('-');
            int low = Integer.parseInt(dash < 0 ? hostPort : hostPort.substring(0, dash));
            int high = dash < 0 ? low : Integer.parseInt(hostPort.substring(dash + 1));
            if (low < 0 || high > 65535 || high < low) {
                throw new NumberFormatException();
            }
            return new int[] {low, high};
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid hostPort: " + hostPort);
        }
    }
}
