package io.linnet.engine.api.system;

import java.util.List;

/** What the daemon's API listeners expose to the network, as `docker info` warns about it. */
public interface ApiListeners {
    /** dockerd's warnings for TCP listeners without TLS or without client verification; empty when none. */
    List<String> warnings();
}
