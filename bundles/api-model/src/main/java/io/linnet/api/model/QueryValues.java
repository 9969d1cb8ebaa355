package io.linnet.api.model;

import java.util.Locale;

/** Query parameters as dockerd reads them (moby's httputils). */
public final class QueryValues {
    private QueryValues() {
    }

    /** httputils.BoolValue: anything but "", "0", "no", "false" or "none" is true. */
    public static boolean bool(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("no") || v.equals("false") || v.equals("none"));
    }
}
