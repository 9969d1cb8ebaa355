package io.linnet.builder.context;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerIgnoreTest {

    @Test
    void plainNamesAndDirectories() {
        DockerIgnore ignore = DockerIgnore.parse("# comment\n\nnode_modules\n/build\n");
        assertTrue(ignore.excludes("node_modules"));
        assertTrue(ignore.excludes("node_modules/x/y.js"));
        assertTrue(ignore.excludes("build/out.o"));
        assertFalse(ignore.excludes("src/node_modules"));
        assertFalse(ignore.excludes("buildx"));
    }

    @Test
    void starsStayInAnElement() {
        DockerIgnore ignore = DockerIgnore.parse("*.log\n*/temp*\n");
        assertTrue(ignore.excludes("a.log"));
        assertFalse(ignore.excludes("dir/a.log"));
        assertTrue(ignore.excludes("somedir/temporary.txt"));
        assertFalse(ignore.excludes("somedir/sub/temporary.txt"));
    }

    @Test
    void doubleStarSpansElements() {
        DockerIgnore ignore = DockerIgnore.parse("**/*.go\n");
        assertTrue(ignore.excludes("main.go"));
        assertTrue(ignore.excludes("a/b/c.go"));
        assertFalse(ignore.excludes("a/b/c.java"));
    }

    @Test
    void exceptionsReinclude() {
        DockerIgnore ignore = DockerIgnore.parse("*.md\n!README.md\n");
        assertTrue(ignore.excludes("CHANGES.md"));
        assertFalse(ignore.excludes("README.md"));
        DockerIgnore later = DockerIgnore.parse("!README.md\n*.md\n");
        assertTrue(later.excludes("README.md"));
    }

    @Test
    void questionMarkClassesAndCleaning() {
        DockerIgnore ignore = DockerIgnore.parse("file?.txt\n[ab].c\n./x/../y\n");
        assertTrue(ignore.excludes("file1.txt"));
        assertFalse(ignore.excludes("file10.txt"));
        assertTrue(ignore.excludes("a.c"));
        assertFalse(ignore.excludes("c.c"));
        assertTrue(ignore.excludes("y"));
        assertTrue(ignore.excludes("./y/z"));
    }
}
