package io.linnet.builder;

import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageService;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory stand-ins for the engine services a build's config steps use: no containerd. */
final class EngineFakes {
    private EngineFakes() {
    }

    /** Config-only image making: each step is a new image ID, remembered with its step. */
    static final class Layers implements ImageLayers {
        final Map<String, Step> steps = new LinkedHashMap<>();

        @Override
        public String changeConfig(String parentImageId, Step step) {
            String id = "sha256:" + String.format("%064x", steps.size() + 1);
            steps.put(id, step);
            return id;
        }

        Step last() {
            return new ArrayList<>(steps.values()).get(steps.size() - 1);
        }

        @Override
        public String commitContainer(String containerId, String parentImageId, Step step) {
            throw new UnsupportedOperationException("no containers here");
        }

        @Override
        public String addLayer(String parentImageId, InputStream layerTar, Step step) {
            throw new UnsupportedOperationException("no layers here");
        }

        @Override
        public InputStream exportRootfs(String imageId) {
            throw new UnsupportedOperationException("no file systems here");
        }

        @Override
        public ImageConfig applyChanges(ImageConfig base, List<String> changes) {
            throw new UnsupportedOperationException();
        }
    }

    /** An image store holding what {@code layers} made; only inspect answers. */
    static ImageService images(Layers layers) {
        return (ImageService) Proxy.newProxyInstance(ImageService.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("inspect")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String id = (String) args[0];
                    ImageLayers.Step step = layers.steps.get(id);
                    if (step == null) {
                        throw new NotFoundException("No such image: " + id);
                    }
                    return new Image(id, List.of(), List.of(), "", "", null, "", "", "amd64", "", "linux",
                            step.config(), List.of(), 0, List.of(), "", null);
                });
    }

    /** The build's output as text, image IDs aside. */
    static final class Output implements BuildOutput {
        final StringBuilder text = new StringBuilder();
        final List<String> imageIds = new ArrayList<>();

        @Override
        public void stream(String text) {
            this.text.append(text);
        }

        @Override
        public void imageId(String id) {
            imageIds.add(id);
        }
    }
}
