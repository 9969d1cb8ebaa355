package io.linnet.engine.api.registry;

import io.linnet.engine.api.image.ImageReference;

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
}
