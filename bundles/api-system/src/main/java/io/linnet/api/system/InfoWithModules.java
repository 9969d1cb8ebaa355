package io.linnet.api.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.linnet.api.model.system.InfoResponse;
import io.linnet.engine.api.system.LoadedModules;
import java.util.List;

/**
 * {@code GET /info} as dockerd answers it, plus a {@code Linnet} section naming the features and
 * bundles the daemon runs (clients skip fields they do not know; docker-py and curl show it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InfoWithModules(@JsonUnwrapped InfoResponse info, @JsonProperty("Linnet") Section linnet) {

    record Section(@JsonProperty("Features") List<Feature> features, @JsonProperty("Bundles") List<Bundle> bundles) {
    }

    record Feature(@JsonProperty("Name") String name, @JsonProperty("State") String state) {
    }

    record Bundle(@JsonProperty("Name") String name, @JsonProperty("Version") String version,
            @JsonProperty("State") String state) {
    }

    /** The section from what is loaded now; none when no module inventory runs (a bare test set-up). */
    static InfoWithModules of(InfoResponse info, LoadedModules modules) {
        if (modules == null) {
            return new InfoWithModules(info, null);
        }
        return new InfoWithModules(info, new Section(
                modules.features().stream().map(f -> new Feature(f.name(), f.state())).toList(),
                modules.bundles().stream().map(b -> new Bundle(b.name(), b.version(), b.state())).toList()));
    }
}
