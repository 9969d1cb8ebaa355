package io.linnet.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** An error answer as dockerd gives it: the status, and its message in the JSON body. */
    protected static void assertError(int status, String message, InMemoryApi.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(message, answer.message());
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
