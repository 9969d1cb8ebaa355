package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** --log-level / daemon.json's log-level take dockerd's (logrus) names; others are refused at start. */
class LogLevelTest {
    @Test
    void dockerdNamesMapToTheLoggersLevels() {
        assertEquals("info", DaemonOptions.merge(Map.of(), Map.of()).logLevel());
        assertEquals("warn", Logging.level(DaemonOptions.merge(CommandLine.parse(new String[] {"-l", "warn"}), Map.of())
                .logLevel()));
        assertEquals("error", Logging.level(DaemonOptions.merge(Map.of(),
                DaemonConfigFile.parse("{\"log-level\": \"fatal\"}", "daemon.json")).logLevel()));
        assertEquals("debug", Logging.level("debug"));
    }

    @Test
    void anUnknownLevelIsRefused() {
        assertEquals("unable to parse logging level: loud", assertThrows(IllegalArgumentException.class,
                () -> DaemonOptions.merge(CommandLine.parse(new String[] {"--log-level=loud"}), Map.of())).getMessage());
    }

    @Test
    void aReloadChangesTheLevelOfLoggersInPlace() {
        org.slf4j.Logger before = org.slf4j.LoggerFactory.getLogger("io.linnet.test.reloaded");
        try {
            Logging.relevel(false, "info");
            assertEquals(false, before.isDebugEnabled());
            Logging.relevel(true, "info");
            assertEquals(true, before.isDebugEnabled(), "debug: true in a reloaded daemon.json");
            assertEquals(true, org.slf4j.LoggerFactory.getLogger("io.linnet.test.later").isDebugEnabled());
            Logging.relevel(false, "error");
            assertEquals(false, before.isWarnEnabled());
            assertEquals(true, before.isErrorEnabled());
        } finally {
            Logging.relevel(false, "info");
        }
    }
}
