package io.linnet.containerd.container;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * The complete lines of a file, last first, read in blocks from the end: a tail costs what it
 * shows, not the size of the file.
 */
final class ReverseLines {
    private static final int BLOCK = 64 * 1024;

    private final RandomAccessFile file;
    private final byte[] block = new byte[BLOCK];
    private long blockStart;
    private int blockLength;
    /** Offset of the newline that ends the next line to return; -1 when none is left. */
    private long nextEnd;
    private final long end;

    ReverseLines(RandomAccessFile file) throws IOException {
        this.file = file;
        this.blockStart = file.length();
        this.blockLength = 0;
        long lastNewline = previousNewline(file.length());
        this.nextEnd = lastNewline;
        this.end = lastNewline + 1;
    }

    /** Where the complete lines end (an unfinished last line starts here); 0 without any. */
    long end() {
        return end;
    }

    /** The previous line without its newline, or null at the start of the file. */
    byte[] previous() throws IOException {
        if (nextEnd < 0) {
            return null;
        }
        long start = previousNewline(nextEnd) + 1;
        byte[] line = new byte[Math.toIntExact(nextEnd - start)];
        if (start >= blockStart && nextEnd <= blockStart + blockLength) {
            System.arraycopy(block, (int) (start - blockStart), line, 0, line.length);
        } else {
            file.seek(start);
            file.readFully(line);
        }
        nextEnd = start - 1;
        return line;
    }

    /** The offset of the last newline before {@code before}, or -1. */
    private long previousNewline(long before) throws IOException {
        long i = before - 1;
        while (i >= 0) {
            if (i < blockStart) {
                load(i);
            }
            int at = (int) (i - blockStart);
            for (; at >= 0; at--) {
                if (block[at] == '\n') {
                    return blockStart + at;
                }
            }
            i = blockStart - 1;
        }
        return -1;
    }

    /** Loads the block that ends with offset {@code last}. */
    private void load(long last) throws IOException {
        long start = Math.max(0, last + 1 - BLOCK);
        int length = (int) (last + 1 - start);
        file.seek(start);
        file.readFully(block, 0, length);
        blockStart = start;
        blockLength = length;
    }
}
