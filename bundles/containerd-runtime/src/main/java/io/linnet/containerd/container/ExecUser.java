package io.linnet.containerd.container;

import java.util.List;

/** The process user of an OCI spec: uid, gid and additional gids (the primary gid first, as moby 24). */
record ExecUser(long uid, long gid, List<Long> additionalGids) {
}
