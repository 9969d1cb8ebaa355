package io.linnet.containerd.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.InvalidParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The seccomp filter of a container, as dockerd picks and converts it: none for {@code --privileged} or
 * {@code seccomp=unconfined}, the profile the client sent as {@code seccomp=<json>}, else Linnet's default
 * profile. Profiles are in Docker's format; conversion to the OCI spec's {@code linux.seccomp} keeps the
 * syscall rules whose {@code includes}/{@code excludes} match the container's capabilities, the host's
 * architecture and the running kernel.
 */
final class SeccompProfiles {

    static final String DEFAULT_RESOURCE = "seccomp-default.json";
    /** What the docker CLI sends for {@code --security-opt seccomp=builtin}: the daemon's default profile. */
    static final String BUILTIN = "builtin";
    static final String UNCONFINED = "unconfined";

    private final JsonNode defaultProfile;
    private final String arch;
    private final String kernel;

    /**
     * @param arch   the host architecture as Go names it (amd64, arm64), what profiles' {@code arches} list
     * @param kernel the running kernel's release ({@code 6.1.0-18-amd64}), for {@code minKernel}
     */
    SeccompProfiles(String arch, String kernel) {
        this.defaultProfile = loadDefault();
        this.arch = arch;
        this.kernel = kernel;
    }

    static SeccompProfiles ofHost() {
        return new SeccompProfiles(goArch(System.getProperty("os.arch", "")), System.getProperty("os.version", ""));
    }

    /** Java's os.arch to Go's GOARCH. */
    static String goArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> osArch;
        };
    }

    JsonNode defaultProfile() {
        return defaultProfile;
    }

    /**
     * The {@code linux.seccomp} section for a container, or null when it runs unconfined.
     *
     * @param caps the container's final capability set (its bounding set)
     */
    ObjectNode forContainer(List<String> securityOpt, boolean privileged, Collection<String> caps) {
        if (privileged) {
            return null;
        }
        String value = SecurityOptions.parse(securityOpt).seccomp();
        if (UNCONFINED.equals(value)) {
            return null;
        }
        JsonNode profile = value == null || value.equals(BUILTIN) ? defaultProfile : parse(value);
        return convert(profile, caps);
    }

    /** A profile in Docker's JSON format; malformed JSON is the client's error, worded as dockerd's. */
    static JsonNode parse(String json) {
        try {
            JsonNode profile = SpecGenerator.MAPPER.readTree(json);
            if (profile == null || !profile.isObject()) {
                throw new InvalidParameterException("Decoding seccomp profile failed: json: cannot unmarshal "
                        + (profile == null ? "empty input" : profile.getNodeType().name().toLowerCase(Locale.ROOT))
                        + " into Go value of type types.Seccomp");
            }
            return profile;
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("Decoding seccomp profile failed: " + e.getOriginalMessage());
        }
    }

    /** Docker's profile format to the OCI runtime spec's, for this container (moby's setupSeccomp). */
    ObjectNode convert(JsonNode profile, Collection<String> caps) {
        ObjectNode out = SpecGenerator.MAPPER.createObjectNode();
        out.put("defaultAction", text(profile, "defaultAction"));
        if (profile.hasNonNull("defaultErrnoRet")) {
            out.put("defaultErrnoRet", number(profile, "defaultErrnoRet", "defaultErrnoRet"));
        }
        boolean hasArchitectures = profile.path("architectures").size() > 0;
        boolean hasArchMap = profile.path("archMap").size() > 0;
        if (hasArchitectures && hasArchMap) {
            throw new InvalidParameterException("'architectures' and 'archMap' were specified in the seccomp profile, "
                    + "use either 'architectures' or 'archMap'");
        }
        ArrayNode architectures = out.putArray("architectures");
        if (hasArchMap) {
            for (JsonNode entry : array(profile, "archMap")) {
                if (nativeArch().equals(entry.path("architecture").asText())) {
                    architectures.add(entry.path("architecture").asText());
                    array(entry, "subArchitectures").forEach(a -> architectures.add(a.asText()));
                }
            }
        } else {
            array(profile, "architectures").forEach(a -> architectures.add(a.asText()));
        }
        if (profile.path("flags").size() > 0) {
            ArrayNode flags = out.putArray("flags");
            array(profile, "flags").forEach(f -> flags.add(f.asText()));
        }
        if (profile.hasNonNull("listenerPath")) {
            out.put("listenerPath", profile.get("listenerPath").asText());
            if (profile.hasNonNull("listenerMetadata")) {
                out.put("listenerMetadata", profile.get("listenerMetadata").asText());
            }
        }
        ArrayNode syscalls = out.putArray("syscalls");
        for (JsonNode call : array(profile, "syscalls")) {
            if (!applies(call, caps)) {
                continue;
            }
            boolean hasName = !call.path("name").asText("").isEmpty();
            if (hasName && call.path("names").size() > 0) {
                throw new InvalidParameterException("'name' and 'names' were specified in the seccomp profile, "
                        + "use either 'name' or 'names'");
            }
            ObjectNode rule = syscalls.addObject();
            ArrayNode names = rule.putArray("names");
            if (hasName) {
                names.add(call.get("name").asText());
            } else {
                array(call, "names").forEach(n -> names.add(n.asText()));
            }
            rule.put("action", text(call, "action"));
            if (call.hasNonNull("errnoRet")) {
                rule.put("errnoRet", number(call, "errnoRet", "syscalls.errnoRet"));
            }
            if (call.path("args").size() > 0) {
                ArrayNode args = rule.putArray("args");
                for (JsonNode arg : array(call, "args")) {
                    ObjectNode a = args.addObject();
                    a.put("index", number(arg, "index", "syscalls.args.index"));
                    a.put("value", number(arg, "value", "syscalls.args.value"));
                    a.put("valueTwo", number(arg, "valueTwo", "syscalls.args.valueTwo"));
                    a.put("op", text(arg, "op"));
                }
            }
        }
        return out;
    }

    /** Whether a rule's {@code includes} all hold and none of its {@code excludes} does. */
    private boolean applies(JsonNode call, Collection<String> caps) {
        JsonNode excludes = call.path("excludes");
        if (contains(excludes.path("arches"), arch)) {
            return false;
        }
        for (JsonNode cap : array(excludes, "caps")) {
            if (caps.contains(cap.asText())) {
                return false;
            }
        }
        String excludedFrom = excludes.path("minKernel").asText("");
        if (!excludedFrom.isEmpty() && compareKernel(kernel, excludedFrom) >= 0) {
            return false;
        }
        JsonNode includes = call.path("includes");
        if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), arch)) {
            return false;
        }
        for (JsonNode cap : array(includes, "caps")) {
            if (!caps.contains(cap.asText())) {
                return false;
            }
        }
        String includedFrom = includes.path("minKernel").asText("");
        return includedFrom.isEmpty() || compareKernel(kernel, includedFrom) >= 0;
    }

    /** The libseccomp name of the host's own architecture, what an archMap entry is chosen by. */
    String nativeArch() {
        return switch (arch) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            case "386" -> "SCMP_ARCH_X86";
            case "arm" -> "SCMP_ARCH_ARM";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            default -> "SCMP_ARCH_" + arch.toUpperCase(Locale.ROOT);
        };
    }

    /** Compares kernel releases by their numeric major.minor (and patch when both have one). */
    static int compareKernel(String running, String wanted) {
        int[] a = kernelNumbers(running);
        int[] b = kernelNumbers(wanted);
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int[] kernelNumbers(String release) {
        int[] numbers = new int[3];
        String[] parts = release.split("[^0-9]", -1);
        int found = 0;
        for (int i = 0; i < parts.length && found < 3; i++) {
            if (parts[i].isEmpty()) {
                break;
            }
            numbers[found++] = Integer.parseInt(parts[i]);
        }
        if (found < 2) {
            throw new InvalidParameterException("Invalid kernel version: " + release);
        }
        return numbers;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw mistyped(value, field, "[]");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw mistyped(value, field, "string");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 && !value.isBigInteger()) {
            throw mistyped(value, path, "uint");
        }
        return value.isBigInteger() ? value.bigIntegerValue().longValue() : value.asLong();
    }

    /** As Go's encoding/json says it when a field has the wrong type. */
    private static InvalidParameterException mistyped(JsonNode value, String field, String type) {
        String kind = switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "value";
        };
        return new InvalidParameterException("Decoding seccomp profile failed: json: cannot unmarshal " + kind
                + " into Go struct field of type " + type + " (" + field + ")");
    }

    private static JsonNode loadDefault() {
        try (InputStream in = SeccompProfiles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default seccomp profile " + DEFAULT_RESOURCE + " is missing");
            }
            return SpecGenerator.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default seccomp profile", e);
        }
    }
}
