package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSettingsTest {

    /** The settings of a HostConfig written as Docker's JSON. */
    private static LogSettings parse(String hostConfigJson) {
        return LogSettings.of(RestartPolicyTest.host(hostConfigJson).logConfig());
    }

    @Test
    void jsonFileByDefaultWithDockersSizeUnits() {
        assertEquals(new LogSettings("json-file", -1, 1), parse("{}"));
        assertEquals(new LogSettings("json-file", 10L << 20, 3), parse(
                "{\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\",\"max-file\":\"3\"}}}"));
        assertEquals(1536, LogSettings.bytes("1.5k"));
        assertEquals(100, LogSettings.bytes("100"));
        assertEquals(2L << 30, LogSettings.bytes("2GB"));
        assertFalse(parse("{\"LogConfig\":{\"Type\":\"none\",\"Config\":{}}}").keeps());
    }

    @Test
    void maxFileWithoutMaxSizeIsTakenAsMobyTakesIt() {
        assertTrue(parse("{\"LogConfig\":{\"Config\":{\"max-file\":\"2\"}}}").keeps());
    }

    @Test
    void refusalsAsDockerd() {
        assertEquals("logger: no log driver named 'x' is registered", assertThrows(InvalidParameterException.class,
                () -> parse("{\"LogConfig\":{\"Type\":\"x\"}}")).getMessage());
        assertEquals("unknown log opt 'colour' for json-file log driver", assertThrows(InvalidParameterException.class,
                () -> parse("{\"LogConfig\":{\"Config\":{\"colour\":\"red\"}}}")).getMessage());
        assertEquals("compress cannot be true when max-size is not set", assertThrows(InvalidParameterException.class,
                () -> parse("{\"LogConfig\":{\"Config\":{\"compress\":\"true\"}}}")).getMessage());
        assertEquals("max-file cannot be less than 1", assertThrows(InvalidParameterException.class,
                () -> parse("{\"LogConfig\":{\"Config\":{\"max-file\":\"0\"}}}")).getMessage());
        assertThrows(InvalidParameterException.class,
                () -> parse("{\"LogConfig\":{\"Config\":{\"max-size\":\"lots\"}}}"));
    }
}
