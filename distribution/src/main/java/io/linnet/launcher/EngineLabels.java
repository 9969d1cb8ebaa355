package io.linnet.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** dockerd's daemon labels: {@code key=value} each (opts.ValidateLabel), one value per key (GetConflictFreeLabels). */
final class EngineLabels {
    private EngineLabels() {
    }

    static List<String> validate(List<String> labels) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bad attribute format: " + label);
            }
            String key = label.substring(0, eq);
            String value = label.substring(eq + 1);
            String before = byKey.putIfAbsent(key, value);
            if (before != null && !before.equals(value)) {
                throw new IllegalArgumentException("conflict labels for " + key + "=" + value + " and " + key + "="
                        + before);
            }
        }
        // duplicates with the same value collapse into one, as dockerd keeps them
        return byKey.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
