package io.linnet.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCatalogTest {
    @TempDir
    Path home;

    private void feature(String file, String json) throws Exception {
        Files.createDirectories(home.resolve("features"));
        Files.writeString(home.resolve("features").resolve(file), json);
    }

    @Test
    void bundlesOfAFeatureAndWhatItNeedsComeOnceInStartOrder() throws Exception {
        // as the Sling plugin writes them back: start-order as text, the extension kind as |false
        feature("feature-core.json", """
                {"id":"g:f:slingosgifeature:core:1","bundles":[
                  {"id":"g:host:1","start-order":"2"},{"id":"org.lib:lib:3.0","start-order":"1"}]}""");
        feature("api.json", """
                {"id":"g:f:slingosgifeature:api:1","bundles":["g:api:1", {"id":"g:host:1","start-order":"2"}],
                 "linnet-requires:ARTIFACTS|false":["g:f:slingosgifeature:core:1"]}""");
        feature("all.json", """
                {"id":"g:f:slingosgifeature:all:1",
                 "linnet-requires:ARTIFACTS|optional":["g:f:slingosgifeature:api:1","g:f:slingosgifeature:core:1"]}""");
        FeatureCatalog catalog = FeatureCatalog.read(home);

        assertEquals(List.of("all", "api", "core"), catalog.all().stream().map(Feature::name).toList());
        assertEquals(List.of("core", "api", "all"), catalog.closure(List.of("all")).stream().map(Feature::name).toList());
        assertEquals(List.of("g:api:1", "org.lib:lib:3.0", "g:host:1"),
                catalog.bundles(List.of("all")).stream().map(b -> b.artifact().toString()).toList());
        assertEquals(home.resolve("repository/org/lib/lib/3.0/lib-3.0.jar"), catalog.jar(MavenId.parse("org.lib:lib:3.0")));
    }

    @Test
    void anUnknownFeatureOrACircleIsRefused() throws Exception {
        feature("a.json", """
                {"id":"g:f:slingosgifeature:a:1","linnet-requires:ARTIFACTS|false":["g:f:slingosgifeature:b:1"]}""");
        feature("b.json", """
                {"id":"g:f:slingosgifeature:b:1","linnet-requires:ARTIFACTS|false":["g:f:slingosgifeature:a:1"]}""");
        FeatureCatalog catalog = FeatureCatalog.read(home);
        assertThrows(IllegalArgumentException.class, () -> catalog.bundles(List.of("nope")));
        assertThrows(IllegalArgumentException.class, () -> catalog.bundles(List.of("a")));
    }

    @Test
    void mavenIdsInEveryFormTheFeatureModelAllows() {
        assertEquals(new MavenId("g", "a", "1", "jar", ""), MavenId.parse("g:a:1"));
        assertEquals(new MavenId("g", "a", "1", "zip", ""), MavenId.parse("g:a:zip:1"));
        assertEquals(new MavenId("g", "a", "1", "slingosgifeature", "c"), MavenId.parse("g:a:slingosgifeature:c:1"));
        assertEquals(Path.of("r/g/h/a/2/a-2-c.zip"), new MavenId("g.h", "a", "1", "zip", "c").withVersion("2").in(Path.of("r")));
        assertThrows(IllegalArgumentException.class, () -> MavenId.parse("nope"));
    }
}
