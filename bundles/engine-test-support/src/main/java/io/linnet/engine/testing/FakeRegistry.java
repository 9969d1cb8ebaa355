package io.linnet.engine.testing;

import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.DistributionInspector;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import io.linnet.engine.api.registry.RegistrySession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry that knows one user and the manifests a test gives it: logins and distribution
 * inspects answer from that. It opens no sessions (pull and push are the registry bundle's tests).
 */
public final class FakeRegistry implements RegistryClient, DistributionInspector {
    private final Map<String, Distribution> manifests = new HashMap<>();
    private String user = "alice";
    private String password = "secret";

    public synchronized void reset() {
        manifests.clear();
    }

    /** What inspecting {@code reference} ("busybox:latest", as familiar names) answers. */
    public synchronized void putManifest(String reference, Distribution distribution) {
        manifests.put(reference, distribution);
    }

    @Override
    public RegistrySession open(ImageReference repository, RegistryAuth auth, boolean push) {
        throw new UnsupportedOperationException("the fake registry opens no sessions");
    }

    /** The identity token is the user's name reversed, so a test can tell it came from here. */
    @Override
    public synchronized String login(RegistryAuth auth) {
        if (!user.equals(auth.username()) || !password.equals(auth.password())) {
            throw new UnauthorizedException("unauthorized: incorrect username or password");
        }
        return new StringBuilder(user).reverse().toString();
    }

    @Override
    public synchronized Distribution inspect(ImageReference reference, RegistryAuth auth) {
        Distribution d = manifests.get(reference.familiar());
        if (d == null) {
            throw new NotFoundException("manifest unknown: manifest unknown");
        }
        return d;
    }

    /** One platform's manifest list entry, for {@link #putManifest}. */
    public static Distribution singlePlatform(String digest, long size) {
        return new Distribution("application/vnd.oci.image.index.v1+json", digest, size,
                List.of(new Platform("amd64", "linux", "", List.of(), "")));
    }
}
