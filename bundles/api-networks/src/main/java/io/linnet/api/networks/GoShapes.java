package io.linnet.api.networks;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.api.model.InvalidJsonException;
import java.util.Iterator;
import java.util.Map;

/**
 * The network routes read their bodies as trees; this checks the JSON types of the fields they
 * use as Go's decoder does for dockerd's request structs, so {@code "Labels":"x"} is a 400 as
 * there, not silently an empty map. A null is accepted anywhere (Go leaves the zero value).
 */
final class GoShapes {
    private static final Map<String, String> IPAM_CONFIG = Map.of("Subnet", "string", "IPRange", "string",
            "Gateway", "string", "AuxiliaryAddresses", "map[string]string");
    private static final Map<String, String> IPAM = Map.of("Driver", "string", "Options", "map[string]string",
            "Config", "[]network.IPAMConfig");
    private static final Map<String, String> CREATE = Map.ofEntries(Map.entry("Name", "string"),
            Map.entry("CheckDuplicate", "bool"), Map.entry("Driver", "string"), Map.entry("Scope", "string"),
            Map.entry("EnableIPv6", "bool"), Map.entry("IPAM", "network.IPAM"), Map.entry("Internal", "bool"),
            Map.entry("Attachable", "bool"), Map.entry("Ingress", "bool"), Map.entry("ConfigOnly", "bool"),
            Map.entry("Options", "map[string]string"), Map.entry("Labels", "map[string]string"));
    private static final Map<String, String> ENDPOINT = Map.of("Aliases", "[]string", "Links", "[]string",
            "IPAMConfig", "network.EndpointIPAMConfig", "NetworkID", "string", "MacAddress", "string");
    private static final Map<String, String> CONNECT = Map.of("Container", "string",
            "EndpointConfig", "network.EndpointSettings");
    private static final Map<String, String> DISCONNECT = Map.of("Container", "string", "Force", "bool");

    private GoShapes() {
    }

    static void checkCreate(JsonNode body) {
        check(body, "NetworkCreateRequest", CREATE);
        JsonNode ipam = body.path("IPAM");
        if (ipam.isObject()) {
            check(ipam, "IPAM", IPAM);
            for (JsonNode c : ipam.path("Config")) {
                check(c, "IPAMConfig", IPAM_CONFIG);
            }
        }
    }

    static void checkConnect(JsonNode body) {
        check(body, "NetworkConnect", CONNECT);
        if (body.path("EndpointConfig").isObject()) {
            check(body.path("EndpointConfig"), "EndpointSettings", ENDPOINT);
        }
    }

    static void checkDisconnect(JsonNode body) {
        check(body, "NetworkDisconnect", DISCONNECT);
    }

    private static void check(JsonNode object, String struct, Map<String, String> fields) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String goType = fields.get(f.getKey());
            JsonNode v = f.getValue();
            if (goType == null || v.isNull() || fits(v, goType)) {
                continue;
            }
            throw new InvalidJsonException("invalid JSON: json: cannot unmarshal " + kind(v) + " into Go struct field "
                    + struct + "." + f.getKey() + " of type " + goType);
        }
    }

    private static boolean fits(JsonNode v, String goType) {
        switch (goType) {
            case "string":
                return v.isTextual();
            case "bool":
                return v.isBoolean();
            case "map[string]string":
                if (!v.isObject()) {
                    return false;
                }
                for (JsonNode e : v) {
                    if (!e.isTextual() && !e.isNull()) {
                        return false;
                    }
                }
                return true;
            case "[]string":
                if (!v.isArray()) {
                    return false;
                }
                for (JsonNode e : v) {
                    if (!e.isTextual() && !e.isNull()) {
                        return false;
                    }
                }
                return true;
            default:
                return goType.startsWith("[]") ? v.isArray() && allObjects(v) : v.isObject();
        }
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isObject() && !e.isNull()) {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonNode v) {
        return v.isTextual() ? "string" : v.isBoolean() ? "bool" : v.isNumber() ? "number"
                : v.isArray() ? "array" : "object";
    }
}
