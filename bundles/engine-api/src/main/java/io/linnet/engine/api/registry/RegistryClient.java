package io.linnet.engine.api.registry;

import io.linnet.engine.api.image.ImageReference;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Registry HTTP API v2 (OCI distribution), implemented by the registry bundle: sessions
 * against one repository, and logins. It knows HTTP, authentication and the wire format; where
 * content is stored is the caller's business.
 */
public interface RegistryClient {

    /**
     * Opens a session on the repository {@code repository} names (its tag and digest are ignored):
     * pings the registry and learns how it wants to be authenticated.
     *
     * @param push whether the session writes (token scopes ask for push as well as pull)
     * @throws RegistryException when the registry cannot be reached
     */
    RegistrySession open(ImageReference repository, RegistryAuth auth, boolean push);

    /**
     * Checks credentials against a registry ({@code auth.serverAddress()}, Docker Hub when empty),
     * as {@code docker login} asks the daemon to.
     *
     * @return an identity token to keep instead of the password, or "" when the registry gives none
     * @throws io.linnet.engine.api.UnauthorizedException when the registry refuses the credentials
     */
    String login(RegistryAuth auth);

    /**
     * Where a pull of the repository may come from, in the order dockerd tries them: for Docker Hub
     * the {@code registry-mirrors} first, then the registry itself. A source opens its session (and
     * pings its endpoint) only when asked. The default is the registry alone.
     */
    default List<PullSource> pullSources(ImageReference repository, RegistryAuth auth) {
        return List.of(new PullSource(repository.domain(), false, () -> open(repository, auth, false)));
    }

    /** How the daemon reaches registries, as {@code docker info} shows it. */
    default RegistryServiceInfo serviceInfo() {
        return RegistryServiceInfo.DEFAULT;
    }

    /** One place to pull from: a mirror ("http://mirror:5000/") or the registry's domain. */
    record PullSource(String name, boolean mirror, Supplier<RegistrySession> session) {
    }
}
