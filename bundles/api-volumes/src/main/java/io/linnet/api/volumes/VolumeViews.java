package io.linnet.api.volumes;

import io.linnet.api.model.volume.VolumeResponse;
import io.linnet.engine.api.volume.Volume;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/** Engine volumes as Docker's JSON shows them. */
final class VolumeViews {
    /** Go's time.RFC3339 ("2006-01-02T15:04:05Z07:00"): whole seconds, "Z" for UTC, else the offset. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private VolumeViews() {
    }

    static VolumeResponse of(Volume v) {
        return of(v, ZoneId.systemDefault());
    }

    static VolumeResponse of(Volume v, ZoneId zone) {
        VolumeResponse.UsageData usage = v.usage() == null ? null
                : new VolumeResponse.UsageData(v.usage().refCount(), v.usage().size());
        return new VolumeResponse(createdAt(v.createdAt(), zone), v.driver(), sorted(v.labels()), v.mountpoint(),
                v.name(), sorted(v.options()), v.scope(), null, usage);
    }

    /** Go writes map keys sorted. */
    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? null : new TreeMap<>(map);
    }

    /** dockerd formats a volume's time in the daemon's local zone, as RFC 3339 without fraction. */
    static String createdAt(Instant t, ZoneId zone) {
        return t == null ? null : RFC3339.format(ZonedDateTime.ofInstant(t, zone));
    }
}
