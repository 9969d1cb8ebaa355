package io.linnet.network.cni;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the embedded DNS server answers itself, as libnetwork's resolver: A queries for the names of the
 * container's networks (round robin over several addresses), AAAA for their IPv6 addresses (an answer
 * without records for a name that has none, as dockerd), PTR for their addresses (in-addr.arpa and ip6.arpa); {@code null} for everything else, which is forwarded.
 */
final class DnsAnswers {

    /** libnetwork's TTL of its own records. */
    static final long TTL = 600;

    private final DnsNames names;
    private final AtomicInteger rotation = new AtomicInteger();

    DnsAnswers(DnsNames names) {
        this.names = names;
    }

    /** The reply to a query from a container with this scope, sized for UDP or TCP; null to forward it. */
    byte[] answer(Message query, ResolverScope scope, boolean udp) {
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY || question.getDClass() != DClass.IN) {
            return null;
        }
        String name = question.getName().toString(true).toLowerCase(Locale.ROOT);
        Message reply;
        switch (question.getType()) {
            case Type.A, Type.AAAA -> {
                List<String> ips = resolve(name, scope);
                if (ips.isEmpty()) {
                    return null;
                }
                reply = reply(query);
                boolean v6 = question.getType() == Type.AAAA;
                for (String ip : rotate(ips.stream().filter(ip -> ip.contains(":") == v6).toList())) {
                    reply.addRecord(v6 ? new AAAARecord(question.getName(), DClass.IN, TTL, address(ip))
                            : new ARecord(question.getName(), DClass.IN, TTL, address(ip)), Section.ANSWER);
                }
            }
            case Type.PTR -> {
                String target = reverse(name, scope);
                if (target == null) {
                    return null;
                }
                reply = reply(query);
                try {
                    reply.addRecord(new PTRRecord(question.getName(), DClass.IN, TTL, Name.fromString(target + ".")),
                            Section.ANSWER);
                } catch (TextParseException e) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
        return udp ? reply.toWire(udpSize(query)) : reply.toWire();
    }

    /** SERVFAIL, when no upstream answered a forwarded query. */
    static byte[] serverFailure(Message query) {
        Message reply = reply(query);
        reply.getHeader().setRcode(Rcode.SERVFAIL);
        return reply.toWire();
    }

    private static Message reply(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setFlag(Flags.RA);
        if (query.getQuestion() != null) {
            reply.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return reply;
    }

    /**
     * The addresses of a name on the first of the container's networks that knows it: a --link alias
     * stands for the linked container; {@code name.network} is looked up on that network only.
     */
    List<String> resolve(String name, ResolverScope scope) {
        String target = scope.links().getOrDefault(name, name);
        for (String netId : scope.networkIds()) {
            List<String> ips = names.table(netId).addresses().get(target);
            if (ips != null) {
                return ips;
            }
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String network = name.substring(dot + 1);
            for (String netId : scope.networkIds()) {
                DnsNames.Table t = names.table(netId);
                if (t.network().equalsIgnoreCase(network)) {
                    return t.addresses().getOrDefault(name.substring(0, dot), List.of());
                }
            }
        }
        return List.of();
    }

    private String reverse(String name, ResolverScope scope) {
        String ip = reverseAddress(name);
        if (ip == null) {
            return null;
        }
        for (String netId : scope.networkIds()) {
            String target = names.table(netId).reverse().get(ip);
            if (target != null) {
                return target;
            }
        }
        return null;
    }

    /**
     * The address a reverse name stands for, as the names tables write it: "2.0.1.10.in-addr.arpa" is 10.1.0.2;
     * 32 nibbles, last first, before ".ip6.arpa" an IPv6 address; null for anything else.
     */
    static String reverseAddress(String name) {
        if (name.endsWith(".in-addr.arpa")) {
            String[] octets = name.substring(0, name.length() - ".in-addr.arpa".length()).split("\\.");
            return octets.length != 4 ? null : octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0];
        }
        if (name.endsWith(".ip6.arpa")) {
            String[] nibbles = name.substring(0, name.length() - ".ip6.arpa".length()).split("\\.");
            if (nibbles.length != 32) {
                return null;
            }
            java.math.BigInteger v = java.math.BigInteger.ZERO;
            for (int i = nibbles.length - 1; i >= 0; i--) {
                if (!nibbles[i].matches("[0-9a-f]")) {
                    return null;
                }
                v = v.shiftLeft(4).or(java.math.BigInteger.valueOf(Character.digit(nibbles[i].charAt(0), 16)));
            }
            return Ipv6.format(v);
        }
        return null;
    }

    private List<String> rotate(List<String> ips) {
        if (ips.size() < 2) {
            return ips;
        }
        List<String> out = new ArrayList<>(ips);
        Collections.rotate(out, Math.floorMod(rotation.getAndIncrement(), out.size()));
        return out;
    }

    private static int udpSize(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
