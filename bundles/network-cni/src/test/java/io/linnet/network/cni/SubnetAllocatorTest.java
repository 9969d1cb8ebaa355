package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.ForbiddenException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetAllocatorTest {

    private static SubnetAllocator allocator(List<String> routes, String... pools) {
        return new SubnetAllocator(List.of(pools), () -> routes);
    }

    @Test
    void theFirstSubnetOfThePoolWhenNothingIsUsed() {
        assertEquals("172.31.0.0/24", allocator(List.of(), "172.31.0.0/16/24").allocate(List.of()));
    }

    @Test
    void subnetsOfOtherNetworksAndHostRoutesAreSkipped() {
        SubnetAllocator subnets = allocator(List.of("172.31.1.0/24", "10.0.0.0/8"), "172.31.0.0/16/24");
        assertEquals("172.31.2.0/24", subnets.allocate(List.of("172.31.0.0/24")));
        assertEquals("172.31.3.0/24", subnets.allocate(List.of("172.31.0.0/24", "172.31.2.0/24")));
        assertEquals("172.31.1.0/24", allocator(List.of(), "172.31.0.0/16/24").allocate(List.of("172.31.0.0/24")),
                "routes are asked at each allocation");
    }

    @Test
    void aWiderUsedSubnetCoversEveryPoolSubnetInIt() {
        assertEquals("172.31.16.0/24",
                allocator(List.of(), "172.31.0.0/16/24").allocate(List.of("172.31.0.0/20")));
    }

    @Test
    void theNextPoolWhenOneIsFullAndBlankEntriesAreIgnored() {
        SubnetAllocator subnets = allocator(List.of(), "10.9.0.0/23/24", " ", " 10.10.0.0/16/20 ");
        assertEquals("10.10.0.0/20", subnets.allocate(List.of("10.9.0.0/24", "10.9.1.0/24")));
    }

    @Test
    void exhaustedPoolsAreRefusedWithDockerdsMessage() {
        List<String> used = new ArrayList<>(List.of("10.9.0.0/24"));
        io.linnet.engine.api.NotFoundException e = assertThrows(io.linnet.engine.api.NotFoundException.class,
                () -> allocator(List.of("10.9.1.0/24"), "10.9.0.0/23/24").allocate(used));
        assertEquals("could not find an available, non-overlapping IPv4 address pool among the defaults to assign "
                + "to the network", e.getMessage());
    }

    @Test
    void aRequestedSubnetMustNotOverlapAnotherNetwork() {
        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> IpamPlan.checkFree("10.1.2.0/24", List.of("172.30.0.0/16", "10.1.0.0/16")));
        assertEquals("Pool overlaps with other one on this address space", e.getMessage());
        assertDoesNotThrow(() -> IpamPlan.checkFree("10.2.0.0/16", List.of("10.1.0.0/16")));
    }
}
