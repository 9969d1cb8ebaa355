package io.linnet.api.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.JsonBody;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code POST /auth}: docker login asks the daemon to check credentials against a registry. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private final RegistryClient registry;

    private final ReplaceableService<RegistryClient> registryBinding = new ReplaceableService<>(RegistryClient.class);

    @Activate
    public AuthResource() {
        this.registry = registryBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public AuthResource(RegistryClient registry) {
        this();
        bindRegistry(registry);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(RegistryClient service) {
        registryBinding.bind(service);
    }

    void unbindRegistry(RegistryClient service) {
        registryBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        registryBinding.retire();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @JsonBody(requireJsonType = false)
    public AuthResponse login(byte[] body) {
        com.fasterxml.jackson.databind.JsonNode json = io.linnet.api.model.ApiJson.readBody(JSON, body,
                com.fasterxml.jackson.databind.JsonNode.class);
        if (json == null || !json.isObject()) {
            // Go decoding into *AuthConfig: null is no config; anything but an object is refused.
            if (json != null && !json.isNull()) {
                throw new io.linnet.api.model.InvalidJsonException("invalid JSON: json: cannot unmarshal " + goKind(json)
                        + " into Go value of type registry.AuthConfig");
            }
            throw new InvalidParameterException("invalid JSON: got EOF while reading request body");
        }
        RegistryAuth auth = RegistryAuthHeader.fromJson(json);
        String token = registry.login(auth);
        return new AuthResponse("Login Succeeded", token == null ? "" : token);
    }

    private static String goKind(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isArray() ? "array" : n.isTextual() ? "string" : n.isBoolean() ? "bool" : "number";
    }

    /** dockerd's AuthenticateOKBody. */
    @JsonPropertyOrder({"Status", "IdentityToken"})
    public record AuthResponse(@JsonProperty("Status") String status,
            @JsonProperty("IdentityToken") String identityToken) {
    }
}
