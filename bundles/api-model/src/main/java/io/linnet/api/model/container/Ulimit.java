package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** go-units Ulimit ({@code --ulimit nofile=100:200} is Soft 100, Hard 200); Go writes Name, Hard, Soft. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ulimit(
        @JsonProperty("Name") String name,
        @JsonProperty("Hard") long hard,
        @JsonProperty("Soft") long soft) {

    public Ulimit {
        name = name == null ? "" : name;
    }
}
