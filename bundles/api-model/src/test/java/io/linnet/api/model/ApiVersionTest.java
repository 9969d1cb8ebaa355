package io.linnet.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void splitsVersionPrefixFromRoute() {
        ApiVersion.Prefixed p = ApiVersion.splitPath("/v1.43/containers/json");
        assertEquals(Optional.of("1.43"), p.requested());
        assertEquals("/containers/json", p.path());
    }

    @Test
    void pathWithoutPrefixIsLeftAlone() {
        ApiVersion.Prefixed p = ApiVersion.splitPath("/_ping");
        assertEquals(Optional.empty(), p.requested());
        assertEquals("/_ping", p.path());
        // A segment that only starts like a version is a route, not a prefix.
        assertEquals(Optional.empty(), ApiVersion.splitPath("/volumes/v1").requested());
        assertEquals(Optional.empty(), ApiVersion.splitPath("/vx/info").requested());
    }

    @Test
    void splitsAsDockerdsRouterPattern() {
        java.util.regex.Pattern router = java.util.regex.Pattern.compile("^/v([0-9.]+)(/.*|$)");
        for (String path : java.util.List.of("/v", "/v/", "/v1", "/v1.43", "/v1.43/", "/v1.43x/a", "/v../a",
                "/v1.43//a", "/V1.43/a", "/v\u0661/a", "//v1.43/a", "/v1.4.3/x", "/version", "/v1.43/v1.24/x", "")) {
            java.util.regex.Matcher m = router.matcher(path);
            ApiVersion.Prefixed p = ApiVersion.splitPath(path);
            assertEquals(m.matches() ? Optional.of(m.group(1)) : Optional.empty(), p.requested(), path);
            assertEquals(!m.matches() ? path : m.group(2).isEmpty() ? "/" : m.group(2), p.path(), path);
        }
    }

    @Test
    void bareVersionBecomesRoot() {
        assertEquals("/", ApiVersion.splitPath("/v1.40").path());
    }

    @Test
    void acceptsTheSupportedRange() {
        assertEquals(new ApiVersion(1, 24), ApiVersion.negotiate(Optional.of("1.24")));
        assertEquals(new ApiVersion(1, 43), ApiVersion.negotiate(Optional.of("1.43")));
        assertEquals(ApiVersion.CURRENT, ApiVersion.negotiate(Optional.empty()));
    }

    @Test
    void tooNewGetsDockerdsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiVersion.negotiate(Optional.of("1.44")));
        assertEquals("client version 1.44 is too new. Maximum supported API version is 1.43", e.getMessage());
    }

    @Test
    void tooOldGetsDockerdsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiVersion.negotiate(Optional.of("1.12")));
        assertEquals("client version 1.12 is too old. Minimum supported API version is 1.24, "
                + "please upgrade your client to a newer version", e.getMessage());
    }

    @Test
    void comparesNumericallyNotAsText() {
        // 1.9 is older than 1.24 even though "1.9" > "1.24" as strings.
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.negotiate(Optional.of("1.9")));
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.negotiate(Optional.of("2.0")));
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.negotiate(Optional.of("1.")));
    }
}
