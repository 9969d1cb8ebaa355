package io.linnet.network.cni;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Tests' DNS client: one query over UDP or TCP to a resolver socket, the answer's data as text. */
final class DnsQueries {

    private DnsQueries() {
    }

    static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reply over UDP; null after two seconds without one. */
    static Message udp(InetSocketAddress server, Message query) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2_000);
            byte[] wire = query.toWire();
            s.send(new DatagramPacket(wire, wire.length, server));
            DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        }
    }

    static Message tcp(InetSocketAddress server, Message query) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 2_000);
            s.setSoTimeout(5_000);
            byte[] wire = query.toWire();
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);
            return new Message(reply);
        }
    }

    /** The answer section's data ("10.1.0.2", "web.app."). */
    static List<String> answers(Message reply) {
        return reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
