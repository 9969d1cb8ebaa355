package io.linnet.builder;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The images of the stages built so far, by index and by name, for FROM and COPY --from. */
final class StageImages {
    private final Map<String, String> byNameOrIndex = new HashMap<>();

    void add(int index, String name, String imageId) {
        byNameOrIndex.put(String.valueOf(index), imageId);
        if (name != null) {
            byNameOrIndex.put(name.toLowerCase(Locale.ROOT), imageId);
        }
    }

    /** The image of the stage with that name (any case) or index; null when no stage has it. */
    String find(String nameOrIndex) {
        return byNameOrIndex.get(nameOrIndex.toLowerCase(Locale.ROOT));
    }
}
