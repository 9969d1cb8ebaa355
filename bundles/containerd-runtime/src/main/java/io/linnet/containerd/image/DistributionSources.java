package io.linnet.containerd.image;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a blob is known to be on registries, in containerd's own convention: the content label
 * {@code containerd.io/distribution.source.<registry host>} holding the repositories (comma
 * separated) it was pulled from or pushed to. A push to another repository of the same registry
 * mounts it from one of them instead of uploading it again.
 */
final class DistributionSources {

    static final String PREFIX = "containerd.io/distribution.source.";
    /** containerd caps a label at 4096 bytes; the newest repositories are kept. */
    private static final int LABEL_LIMIT = 4000;

    private DistributionSources() {
    }

    /** The repositories on {@code host} that hold the blob, newest first. */
    static List<String> repositories(Map<String, String> labels, String host) {
        String value = labels.get(PREFIX + host);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> repos = new ArrayList<>(List.of(value.split(",")));
        repos.replaceAll(String::strip);
        repos.removeIf(String::isEmpty);
        java.util.Collections.reverse(repos);
        return repos;
    }

    /** The label to set so it names {@code repository} too; null when it does already. */
    static Map.Entry<String, String> withRepository(Map<String, String> labels, String host, String repository) {
        String key = PREFIX + host;
        Set<String> repos = new LinkedHashSet<>();
        String value = labels.get(key);
        if (value != null) {
            for (String r : value.split(",")) {
                if (!r.isBlank()) {
                    repos.add(r.strip());
                }
            }
        }
        if (repos.contains(repository)) {
            return null;
        }
        repos.add(repository);
        String joined = String.join(",", repos);
        while (joined.length() > LABEL_LIMIT && repos.size() > 1) {
            repos.remove(repos.iterator().next()); // the oldest goes
            joined = String.join(",", repos);
        }
        return new AbstractMap.SimpleImmutableEntry<>(key, joined);
    }
}
