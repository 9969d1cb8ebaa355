package io.linnet.api.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.Filters;
import io.linnet.api.model.JsonBody;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.network.Network;
import io.linnet.engine.api.network.NetworkService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The /networks routes: HTTP in and out, the work is the engine's network service. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/networks")
@Produces(MediaType.APPLICATION_JSON)
public final class NetworksResource {

    private final NetworkService networks;

    private final ReplaceableService<NetworkService> networksBinding = new ReplaceableService<>(NetworkService.class);

    @Activate
    public NetworksResource() {
        this.networks = networksBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public NetworksResource(NetworkService networks) {
        this();
        bindNetworks(networks);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNetworks(NetworkService service) {
        networksBinding.bind(service);
    }

    void unbindNetworks(NetworkService service) {
        networksBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        networksBinding.retire();
    }

    @GET
    public ArrayNode list(@QueryParam("filters") String filters) {
        var accepted = NetworkViews.filter(filters(filters));
        ArrayNode out = NetworkViews.JSON.createArrayNode();
        networks.list().stream().filter(accepted).forEach(n -> out.add(NetworkViews.of(n, false)));
        return out;
    }

    @GET
    @Path("{id}")
    public ObjectNode inspect(@PathParam("id") String id) {
        return NetworkViews.of(networks.get(id), true);
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response create(byte[] body) {
        JsonNode r = body(body);
        GoShapes.checkCreate(r);
        List<Network.IpamConfig> ipam = new ArrayList<>();
        for (JsonNode c : r.path("IPAM").path("Config")) {
            ipam.add(new Network.IpamConfig(c.path("Subnet").asText(""), c.path("IPRange").asText(""),
                    c.path("Gateway").asText(""), strings(c.path("AuxiliaryAddresses"))));
        }
        String ipamDriver = r.path("IPAM").path("Driver").asText("");
        if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
            throw new io.linnet.engine.api.NotFoundException("plugin \"" + ipamDriver + "\" not found");
        }
        Network n = networks.create(new NetworkService.NetworkCreate(r.path("Name").asText(""),
                r.path("Driver").asText(""), r.path("Internal").asBoolean(false), r.path("Attachable").asBoolean(false),
                r.path("EnableIPv6").asBoolean(false), ipam, strings(r.path("Options")), strings(r.path("Labels")),
                r.path("CheckDuplicate").asBoolean(true), strings(r.path("IPAM").path("Options"))));
        ObjectNode out = NetworkViews.JSON.createObjectNode();
        out.put("Id", n.id());
        out.put("Warning", "");
        return Response.status(Response.Status.CREATED).entity(out).build();
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
        networks.remove(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/connect")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response connect(@PathParam("id") String id, byte[] body) {
        JsonNode r = body(body);
        GoShapes.checkConnect(r);
        JsonNode ep = r.path("EndpointConfig");
        List<String> aliases = new ArrayList<>();
        ep.path("Aliases").forEach(a -> aliases.add(a.asText()));
        List<String> links = new ArrayList<>();
        ep.path("Links").forEach(l -> links.add(l.asText()));
        JsonNode ipam = ep.path("IPAMConfig");
        List<String> linkLocalIps = new ArrayList<>();
        ipam.path("LinkLocalIPs").forEach(ip -> linkLocalIps.add(ip.asText()));
        networks.connect(id, container(r), new NetworkService.EndpointRequest(aliases,
                ipam.path("IPv4Address").asText(""), ipam.path("IPv6Address").asText(""),
                ep.path("MacAddress").asText(""), links, linkLocalIps));
        return Response.ok().build();
    }

    @POST
    @Path("{id}/disconnect")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response disconnect(@PathParam("id") String id, byte[] body) {
        JsonNode r = body(body);
        GoShapes.checkDisconnect(r);
        networks.disconnect(id, container(r), r.path("Force").asBoolean(false));
        return Response.ok().build();
    }

    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode prune(@QueryParam("filters") String filters) {
        List<String> removed = networks.prune(NetworkViews.pruneFilter(filters(filters)));
        ObjectNode out = NetworkViews.JSON.createObjectNode();
        ArrayNode names = out.putArray("NetworksDeleted");
        removed.forEach(names::add);
        return out;
    }

    private static String container(JsonNode r) {
        String c = r.path("Container").asText("");
        if (c.isEmpty()) {
            throw new InvalidParameterException("container is required");
        }
        return c;
    }

    private static JsonNode body(byte[] body) {
        if (body == null || body.length == 0) {
            return NetworkViews.JSON.createObjectNode();
        }
        JsonNode n = io.linnet.api.model.ApiJson.readBody(NetworkViews.JSON, body, JsonNode.class);
        if (n == null || n.isNull()) {
            return NetworkViews.JSON.createObjectNode();
        }
        if (!n.isObject()) {
            // as Go decoding into the request struct
            throw new io.linnet.api.model.InvalidJsonException("invalid JSON: json: cannot unmarshal "
                    + (n.isArray() ? "array" : n.isTextual() ? "string" : n.isBoolean() ? "bool" : "number")
                    + " into Go value of type types.NetworkCreateRequest");
        }
        return n;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Filters filters(String json) {
        try {
            return Filters.parse(json, text -> NetworkViews.JSON.readValue(text, Object.class));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }
}
