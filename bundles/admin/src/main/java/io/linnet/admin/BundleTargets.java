package io.linnet.admin;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Finds the bundles an operator names: by id, or by symbolic name (every installed version). */
final class BundleTargets {
    private BundleTargets() {
    }

    static List<Bundle> find(BundleContext context, String name) {
        List<Bundle> found = new ArrayList<>();
        if (name.chars().allMatch(Character::isDigit)) {
            Bundle b = context.getBundle(Long.parseLong(name));
            if (b != null) {
                found.add(b);
            }
            return found;
        }
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                found.add(b);
            }
        }
        return found;
    }

    static Bundle one(BundleContext context, String name) {
        List<Bundle> found = find(context, name);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no bundle " + name);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(name + " names " + found.size() + " bundles: give its id");
        }
        return found.get(0);
    }

    static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "Active";
            case Bundle.RESOLVED -> bundle.getHeaders().get("Fragment-Host") != null ? "Fragment" : "Resolved";
            case Bundle.INSTALLED -> "Installed";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            default -> "Uninstalled";
        };
    }
}
