package io.linnet.engine.testing;

import io.linnet.http.InMemoryApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of a Jersey test of endpoint resources: the class serves its resources on the fake engine
 * once ({@link #serve} in its {@code @BeforeAll}), and every test starts from a reset engine.
 */
public abstract class FakeEngineResourceTest {
    protected static final FakeEngine engine = new FakeEngine();
    protected static InMemoryApi api;

    protected static void serve(Object... resources) {
        api = InMemoryApi.serving(resources);
    }

    @AfterAll
    static void stopServing() throws Exception {
        api.close();
    }

    @BeforeEach
    void resetEngine() {
        engine.reset();
    }
}
