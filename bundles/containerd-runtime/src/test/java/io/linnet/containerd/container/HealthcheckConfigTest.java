package io.linnet.containerd.container;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.engine.api.image.ImageConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthcheckConfigTest {

    private static ContainerConfig json(String text) throws Exception {
        return ContainerRecords.MAPPER.readValue(text, ContainerConfig.class);
    }

    private static String merged(String config, ImageConfig.Healthcheck image) throws Exception {
        return ContainerRecords.MAPPER.writeValueAsString(HealthcheckConfig.mergeImage(json(config).healthcheck(), image));
    }

    @Test
    void dockerdsDefaults() throws Exception {
        HealthcheckConfig c = HealthcheckConfig.of(json("{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]}}")).orElseThrow();
        assertEquals(List.of("true"), c.command());
        assertEquals(Duration.ofSeconds(30), c.interval());
        assertEquals(Duration.ofSeconds(30), c.timeout());
        assertEquals(Duration.ZERO, c.startPeriod());
        assertEquals(3, c.retries());
    }

    @Test
    void shellFormUsesTheConfigsShell() throws Exception {
        HealthcheckConfig c = HealthcheckConfig.of(json("{\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"test -f /x\"],"
                + "\"Interval\":1000000000,\"Timeout\":500000000,\"StartPeriod\":2000000000,\"Retries\":2}}"))
                .orElseThrow();
        assertEquals(List.of("/bin/sh", "-c", "test -f /x"), c.command());
        assertEquals(Duration.ofSeconds(1), c.interval());
        assertEquals(Duration.ofMillis(500), c.timeout());
        assertEquals(Duration.ofSeconds(2), c.startPeriod());
        assertEquals(2, c.retries());
        assertEquals(List.of("/bin/bash", "-c", "x"), HealthcheckConfig.of(json(
                "{\"Shell\":[\"/bin/bash\",\"-c\"],\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"x\"]}}")).orElseThrow().command());
    }

    @Test
    void noneOrNothingIsNoHealthcheck() throws Exception {
        assertTrue(HealthcheckConfig.of(json("{\"Healthcheck\":{\"Test\":[\"NONE\"]}}")).isEmpty());
        assertTrue(HealthcheckConfig.of(json("{}")).isEmpty());
        assertTrue(HealthcheckConfig.of(json("{\"Healthcheck\":{\"Test\":[]}}")).isEmpty());
    }

    @Test
    void imageHealthcheckIsMergedAsDockerdDoes() throws Exception {
        var image = new ImageConfig.Healthcheck(List.of("CMD-SHELL", "curl x"), 5_000_000_000L, 0, 0, 0, 4);
        assertEquals("{\"Test\":[\"CMD-SHELL\",\"curl x\"],\"Interval\":5000000000,\"Retries\":4}",
                merged("{}", image));
        assertEquals("{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000,\"Retries\":4}",
                merged("{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000}}", image));
        ContainerConfig disabled = json("{\"Healthcheck\":{\"Test\":[\"NONE\"]}}");
        ContainerConfig withImage = new ContainerConfig(null, null, null, false, false, false, null, false, false, false,
                null, null, HealthcheckConfig.mergeImage(disabled.healthcheck(), image), null, null, null, null, null,
                null, null, null, null, null, null, null);
        assertTrue(HealthcheckConfig.of(withImage).isEmpty(), "--no-healthcheck wins over the image");
    }

    @Test
    void goDurations() {
        assertEquals("30s", HealthcheckConfig.goDuration(Duration.ofSeconds(30)));
        assertEquals("1.5s", HealthcheckConfig.goDuration(Duration.ofMillis(1500)));
        assertEquals("500ms", HealthcheckConfig.goDuration(Duration.ofMillis(500)));
        assertEquals("1m0s", HealthcheckConfig.goDuration(Duration.ofMinutes(1)));
        assertEquals("1h2m3s", HealthcheckConfig.goDuration(Duration.ofSeconds(3723)));
    }
}
