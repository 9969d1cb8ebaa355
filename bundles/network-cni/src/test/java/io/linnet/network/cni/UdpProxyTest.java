package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Closeable;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A published UDP port forwards each client's datagrams to the container and its replies back to that client. */
class UdpProxyTest {

    @Test
    void repliesGoBackToEachClient() throws Exception {
        InetAddress loopback = InetAddress.getByName("::1");
        try (DatagramSocket container = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket published = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket clientA = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket clientB = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            Thread echo = new Thread(() -> {
                byte[] buf = new byte[1500];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        container.receive(p);
                        String text = "echo " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                        byte[] out = text.getBytes(StandardCharsets.UTF_8);
                        container.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            });
            echo.setDaemon(true);
            echo.start();
            Closeable flows = UdpProxy.start(published, (InetSocketAddress) container.getLocalSocketAddress());
            try {
                assertEquals("echo a", ask(clientA, published, "a"));
                assertEquals("echo b", ask(clientB, published, "b"));
                assertEquals("echo a2", ask(clientA, published, "a2"));
            } finally {
                flows.close();
            }
        }
    }

    private static String ask(DatagramSocket client, DatagramSocket published, String text) throws Exception {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        client.setSoTimeout(5_000);
        client.send(new DatagramPacket(out, out.length, published.getLocalSocketAddress()));
        byte[] buf = new byte[1500];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        client.receive(reply);
        assertEquals(published.getLocalPort(), reply.getPort());
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }
}
