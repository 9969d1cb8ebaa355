package io.linnet.containerd.client;

import java.time.Duration;

/** Whether containerd answers its Version RPC now. */
@FunctionalInterface
public interface ContainerdProbe {
    boolean answers(Duration timeout);
}
