package io.linnet.api.system;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/** The engine's own version, commit and build time, from this bundle's manifest. */
record BuildFacts(String version, String gitCommit, String buildTime) {

    static BuildFacts of(Bundle bundle) {
        Version v = bundle.getVersion();
        return new BuildFacts(
                v.getMajor() + "." + v.getMinor() + "." + v.getMicro(),
                header(bundle, "Linnet-Git-Commit"),
                header(bundle, "Linnet-Build-Time"));
    }

    private static String header(Bundle bundle, String name) {
        String value = bundle.getHeaders().get(name);
        return value == null ? "" : value;
    }
}
