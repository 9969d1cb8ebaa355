package io.linnet.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The string constants of a compiled class, read from its constant pool. ArchUnit sees types,
 * fields and calls but not literals; a constant of another class that the compiler inlined, and
 * the pieces of a string concatenation, are in the pool too.
 */
final class StringConstants {
    private StringConstants() {
    }

    static List<String> of(URI classFile) {
        try (InputStream in = classFile.toURL().openStream()) {
            return of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classFile, e);
        }
    }

    static List<String> of(byte[] classBytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classBytes))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            Map<Integer, String> utf8 = new HashMap<>();
            List<Integer> strings = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.put(i, in.readUTF());
                    case 8 -> strings.add(in.readUnsignedShort());
                    case 7, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // eight-byte constants take two entries
                    }
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            return strings.stream().map(utf8::get).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
