package io.linnet.engine.api.container;

import java.util.List;

/** The processes of a running container as {@code ps} shows them: column titles and one row per process. */
public record ContainerTop(List<String> titles, List<List<String>> processes) {

    public ContainerTop {
        titles = List.copyOf(titles);
        processes = processes.stream().map(List::copyOf).toList();
    }
}
