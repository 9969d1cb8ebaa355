package io.linnet.builder.dockerfile;

import io.linnet.engine.api.image.ImageConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HealthchecksTest {

    private static RawInstruction line(String text) {
        return DockerfileParser.parse(text).instructions().get(0).source();
    }

    @Test
    void shellAndExecForms() {
        ImageConfig.Healthcheck shell = Healthchecks.parse(line("HEALTHCHECK --interval=30s CMD true"));
        assertEquals(List.of("CMD-SHELL", "true"), shell.test());
        assertEquals(30_000_000_000L, shell.interval());
        ImageConfig.Healthcheck exec = Healthchecks.parse(line("HEALTHCHECK --retries=3 --timeout=1m30s CMD [\"true\"]"));
        assertEquals(List.of("CMD", "true"), exec.test());
        assertEquals(90_000_000_000L, exec.timeout());
        assertEquals(List.of("NONE"), Healthchecks.parse(line("HEALTHCHECK NONE")).test());
    }

    @Test
    void describedAsDockerd20Prints() {
        assertEquals("&{[\"CMD-SHELL\" \"true\"] \"30s\" \"0s\" \"0s\" '\\x00'}",
                Healthchecks.describe(Healthchecks.parse(line("HEALTHCHECK --interval=30s CMD true"))));
        assertEquals("&{[\"CMD\" \"true\"] \"5s\" \"0s\" \"0s\" '\\x03'}",
                Healthchecks.describe(Healthchecks.parse(line("HEALTHCHECK --interval=5s --retries=3 CMD [\"true\"]"))));
        assertEquals("1m30s", Healthchecks.goDuration(90_000_000_000L));
        assertEquals("500ms", Healthchecks.goDuration(500_000_000L));
        assertEquals("1h0m0s", Healthchecks.goDuration(3_600_000_000_000L));
    }

    @Test
    void badValuesNameTheLine() {
        var e = assertThrows(DockerfileParseException.class,
                () -> Healthchecks.parse(line("HEALTHCHECK --interval=abc CMD true")));
        assertEquals("dockerfile parse error line 1: time: invalid duration \"abc\"", e.getMessage());
    }
}
