package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesCleanupTest {

    @Test
    void portmapChainsAreUnusedWithoutDnatRules() {
        List<String> idle = List.of("-N CNI-HOSTPORT-DNAT", "-N CNI-HOSTPORT-MASQ",
                "-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE");
        assertTrue(IptablesCleanup.unused(idle, IptablesCleanup.PORTMAP_CHAINS, "CNI-HOSTPORT-DNAT"));
        List<String> busy = List.of("-N CNI-HOSTPORT-DNAT",
                "-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name\" -m multiport --dports 80 -j CNI-DN-1");
        assertFalse(IptablesCleanup.unused(busy, IptablesCleanup.PORTMAP_CHAINS, "CNI-HOSTPORT-DNAT"));
    }

    @Test
    void firewallChainsAreUnusedWhenOnlyTheAdminJumpIsLeft() {
        List<String> idle = List.of("-N CNI-FORWARD", "-N CNI-ADMIN",
                "-A CNI-FORWARD -m comment --comment \"CNI firewall plugin admin overrides\" -j CNI-ADMIN");
        assertTrue(IptablesCleanup.unused(idle, IptablesCleanup.FIREWALL_CHAINS, "CNI-FORWARD"));
        List<String> busy = List.of("-N CNI-FORWARD", "-A CNI-FORWARD -d 10.1.0.2/32 -j ACCEPT");
        assertFalse(IptablesCleanup.unused(busy, IptablesCleanup.FIREWALL_CHAINS, "CNI-FORWARD"));
    }

    @Test
    void ruleWordsKeepQuotedComments() {
        assertEquals(List.of("-D", "FORWARD", "-m", "comment", "--comment", "CNI firewall plugin rules", "-j",
                "CNI-FORWARD"), IptablesCleanup.RuleWords.split(
                "-D FORWARD -m comment --comment \"CNI firewall plugin rules\" -j CNI-FORWARD"));
    }
}
