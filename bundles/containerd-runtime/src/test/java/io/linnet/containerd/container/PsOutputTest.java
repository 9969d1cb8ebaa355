package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.ContainerTop;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PsOutputTest {

    @Test
    void keepsTheContainerRowsAndJoinsTheCommand() {
        String out = """
                UID          PID    PPID  C STIME TTY          TIME CMD
                root           1       0  0 02:00 ?        00:00:01 /sbin/init
                root         100      90  0 02:01 ?        00:00:00 sleep 1000
                root         101     100  0 02:01 ?        00:00:00 sh -c while true; do :; done
                """;
        ContainerTop top = PsOutput.parse(out, Set.of(100, 101));
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), top.titles());
        assertEquals(2, top.processes().size());
        assertEquals("sleep 1000", top.processes().get(0).get(7));
        assertEquals("sh -c while true; do :; done", top.processes().get(1).get(7));
    }

    @Test
    void threadRowsFollowTheirProcess() {
        String out = "PID TID CMD\n5 - a\n- 5 -\n6 - b\n- 6 -\n";
        ContainerTop top = PsOutput.parse(out, Set.of(5));
        assertEquals(List.of(List.of("5", "-", "a"), List.of("-", "5", "-")), top.processes());
    }

    @Test
    void errorsAsMoby() {
        assertThrows(IllegalStateException.class, () -> PsOutput.parse("USER CMD\nroot x\n", Set.of(1)));
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> PsOutput.validateArgs("-o user=PID"));
        assertEquals("specifying \"user=PID\" is not allowed", e.getMessage());
        PsOutput.validateArgs("-o pid=PID");
        assertEquals("-q1,2,3", PsOutput.pidsArg(List.of(1, 2, 3)));
    }
}
