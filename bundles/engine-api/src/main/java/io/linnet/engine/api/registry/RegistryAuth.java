package io.linnet.engine.api.registry;

/**
 * Credentials for one registry, as the docker CLI sends them (X-Registry-Auth, POST /auth).
 * Every field may be null or empty.
 *
 * @param identityToken a refresh token from an earlier login (OAuth2 token servers)
 * @param registryToken a bearer token to send as it is
 */
public record RegistryAuth(String username, String password, String serverAddress, String identityToken,
        String registryToken) {

    /** No credentials: anonymous access (a token server may still hand out anonymous tokens). */
    public static final RegistryAuth NONE = new RegistryAuth(null, null, null, null, null);

    public boolean hasBasic() {
        return username != null && !username.isEmpty();
    }

    public boolean hasIdentityToken() {
        return identityToken != null && !identityToken.isEmpty();
    }

    public boolean hasRegistryToken() {
        return registryToken != null && !registryToken.isEmpty();
    }

    @Override
    public String toString() {
        // never print secrets
        return "RegistryAuth[user=" + username + ", server=" + serverAddress + "]";
    }
}
