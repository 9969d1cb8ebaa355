package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseLinesTest {
    @TempDir
    Path dir;

    private List<String> backwards(String content) throws Exception {
        Path file = dir.resolve("f");
        Files.writeString(file, content);
        List<String> out = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            ReverseLines lines = new ReverseLines(raf);
            byte[] line;
            while ((line = lines.previous()) != null) {
                out.add(new String(line, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void completeLinesLastFirstAcrossBlocks() throws Exception {
        assertEquals(List.of(), backwards(""));
        assertEquals(List.of(), backwards("unfinished"));
        assertEquals(List.of("b", "", "a"), backwards("a\n\nb\nunfinished"));
        String longA = "a".repeat(150_000);
        String longB = "b".repeat(70_000);
        assertEquals(List.of("c", longB, longA), backwards(longA + "\n" + longB + "\nc\n"));
    }
}
