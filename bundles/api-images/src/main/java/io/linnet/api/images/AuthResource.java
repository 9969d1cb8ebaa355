package io.linnet.api.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.JsonBody;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code POST /auth}: docker login asks the daemon to check credentials against a registry. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
    private static final ObjectMapper JSON = io.linnet.api.model.ApiJson.newMapper();
    private final RegistryClient registry;

    @Activate
    public AuthResource(@Reference RegistryClient registry) {
        this.registry = registry;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @JsonBody(requireJsonType = false)
    public AuthResponse login(InputStream body) {
        RegistryAuth auth;
        try {
            auth = RegistryAuthHeader.fromJson(JSON.readTree(body));
        } catch (IOException e) {
            throw new InvalidParameterException("invalid JSON: " + e.getMessage());
        }
        String token = registry.login(auth);
        return new AuthResponse("Login Succeeded", token == null ? "" : token);
    }

    /** dockerd's AuthenticateOKBody. */
    @JsonPropertyOrder({"Status", "IdentityToken"})
    public record AuthResponse(@JsonProperty("Status") String status,
            @JsonProperty("IdentityToken") String identityToken) {
    }
}
