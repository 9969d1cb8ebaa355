package io.linnet.containerd.host;

import io.linnet.engine.api.system.ComponentVersion;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuntimeVersionsTest {

    @Test
    void parsesDebiansRunc() {
        String output = """
                runc version 1.1.5+ds1
                commit: 1.1.5+ds1-1+deb12u1
                spec: 1.0.2-dev
                go: go1.19.8
                libseccomp: 2.5.4
                """;
        assertEquals(Optional.of(new ComponentVersion("runc", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1")),
                RuntimeVersions.parseRunc(output));
    }

    @Test
    void parsesUpstreamRunc() {
        assertEquals(Optional.of(new ComponentVersion("runc", "1.1.5", "v1.1.5-0-gf19387a")),
                RuntimeVersions.parseRunc("runc version 1.1.5\ncommit: v1.1.5-0-gf19387a\nspec: 1.0.2-dev\n"));
        assertEquals(Optional.of(new ComponentVersion("runc", "1.1.5", "")),
                RuntimeVersions.parseRunc("runc version 1.1.5\n"));
    }

    @Test
    void unknownRuncOutputGivesNothing() {
        assertEquals(Optional.empty(), RuntimeVersions.parseRunc("something else\n"));
    }

    @Test
    void parsesTiniAsDockerInit() {
        assertEquals(Optional.of(new ComponentVersion("docker-init", "0.19.0", "de40ad0")),
                RuntimeVersions.parseTini("tini version 0.19.0 - git.de40ad0\n"));
        assertEquals(Optional.of(new ComponentVersion("docker-init", "0.19.0", "")),
                RuntimeVersions.parseTini("tini version 0.19.0\n"));
        assertEquals(Optional.empty(), RuntimeVersions.parseTini("usage: tini\n"));
    }
}
