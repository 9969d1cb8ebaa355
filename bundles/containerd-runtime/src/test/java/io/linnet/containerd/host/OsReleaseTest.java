package io.linnet.containerd.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OsReleaseTest {

    @Test
    void readsDebiansFile() {
        String debian = """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                HOME_URL="https://www.debian.org/"
                """;
        assertEquals(new OsRelease("Debian GNU/Linux 12 (bookworm)", "12"), OsRelease.parse(debian));
    }

    @Test
    void handlesUnquotedSingleQuotedEscapedAndCommentedLines() {
        String content = """
                # a comment
                NAME=Alpine
                PRETTY_NAME='Alpine Linux v3.19'
                VERSION_ID=3.19.1

                """;
        assertEquals(new OsRelease("Alpine Linux v3.19", "3.19.1"), OsRelease.parse(content));
        assertEquals("say \"hi\" $x", OsRelease.unquote("\"say \\\"hi\\\" \\$x\""));
    }

    @Test
    void fallsBackToNameWithoutPrettyName() {
        assertEquals(new OsRelease("Minimal", ""), OsRelease.parse("NAME=Minimal\n"));
        assertEquals(new OsRelease("Linux", ""), OsRelease.parse(""));
    }
}
