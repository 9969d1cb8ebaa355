package io.linnet.containerd.container;

import java.util.List;
import java.util.Map;

/** Docker's types keep Go's nil lists and maps as null (inspect shows null); the spec reads them as empty. */
final class NilValues {

    private NilValues() {
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? Map.of() : values;
    }
}
