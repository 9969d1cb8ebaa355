package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ip-forward=false leaves the host's forwarding as it was, whatever a CNI ADD turned on. */
class IpForwardingTest {

    @TempDir
    Path dir;

    @Test
    void offPutsBackWhatTheAddChanged() throws Exception {
        Path v4 = Files.writeString(dir.resolve("ip_forward"), "0\n");
        Path v6 = Files.writeString(dir.resolve("forwarding"), "1\n");
        IpForwarding off = new IpForwarding(false, List.of(v4, v6));
        List<String> before = off.before();
        Files.writeString(v4, "1\n"); // what the bridge plugin does
        off.restore(before);
        assertEquals("0", Files.readString(v4).strip());
        assertEquals("1", Files.readString(v6).strip());
    }

    @Test
    void onLeavesTheAddsChange() throws Exception {
        Path v4 = Files.writeString(dir.resolve("ip_forward"), "0\n");
        IpForwarding on = new IpForwarding(true, List.of(v4));
        List<String> before = on.before();
        Files.writeString(v4, "1\n");
        on.restore(before);
        assertEquals("1", Files.readString(v4).strip());
    }
}
