package io.linnet.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether every declarative-services component of the started bundles has come up. A bundle's
 * start only hands its components to SCR: they activate later, once their configuration
 * (FileInstall writes it asynchronously) and the services they need (the engine, after the
 * managed containerd is up) are there. The API listens only when this answers no stragglers,
 * so a client never meets a 404 for a route whose resource is still on its way.
 */
final class ComponentsSettled {
    private ComponentsSettled() {
    }

    /** The names of the enabled components of active bundles that are neither satisfied nor failed. */
    static List<String> stragglers(ServiceComponentRuntime scr) {
        List<String> waiting = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.bundle.state != Bundle.ACTIVE || !scr.isComponentEnabled(description)) {
                continue;
            }
            if (!settled(scr.getComponentConfigurationDTOs(description))) {
                waiting.add(description.name);
            }
        }
        return waiting;
    }

    /** Satisfied, active, or failed for good (logged by SCR): nothing more will come of waiting. */
    static boolean settled(Collection<ComponentConfigurationDTO> configurations) {
        if (configurations.isEmpty()) {
            return false; // its required configuration has not arrived yet
        }
        for (ComponentConfigurationDTO configuration : configurations) {
            int state = configuration.state;
            if (state != ComponentConfigurationDTO.SATISFIED && state != ComponentConfigurationDTO.ACTIVE
                    && state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return false;
            }
        }
        return true;
    }
}
