package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.DirectRoute;
import io.linnet.engine.api.InvalidParameterException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routes served below Jersey answer what Jersey answers: each marked method has an unmarked twin
 * that Jersey serves, and the two answers are compared over the real host stack.
 */
@org.junit.jupiter.api.Timeout(60)
class DirectRoutesTest {
    static LoopbackHost host;
    static int port;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final AtomicInteger MARKED_CALLS = new AtomicInteger();

    @Path("/things")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Things {
        @GET
        @Path("json")
        @DirectRoute
        public List<Map<String, Object>> marked(@QueryParam("n") String n, @QueryParam("name") String name) {
            MARKED_CALLS.incrementAndGet();
            return things(n, name);
        }

        @GET
        @Path("twin")
        public List<Map<String, Object>> twin(@QueryParam("n") String n, @QueryParam("name") String name) {
            return things(n, name);
        }

        /** Not a literal path: the mark is ignored and Jersey serves it. */
        @GET
        @Path("{id}/json")
        @DirectRoute
        public Map<String, Object> one(@PathParam("id") String id) {
            return Map.of("Id", id);
        }

        @GET
        @Path("ping")
        @DirectRoute
        public Response ping() {
            return Response.ok("OK", new MediaType("text", "plain", "utf-8")).header("Cache-Control", "no-cache")
                    .build();
        }

        @HEAD
        @Path("ping")
        @DirectRoute
        public Response pingHead() {
            return Response.ok().type(new MediaType("text", "plain", "utf-8")).header("Content-Length", "0")
                    .header("Cache-Control", "no-cache").build();
        }

        private static List<Map<String, Object>> things(String n, String name) {
            int count;
            try {
                count = n == null ? 1 : Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("strconv.Atoi: parsing \"" + n + "\": invalid syntax");
            }
            if (count < 0) {
                throw new IllegalStateException("a negative count: " + count);
            }
            List<Map<String, Object>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Map<String, Object> thing = new LinkedHashMap<>();
                thing.put("Index", i);
                thing.put("Name", name);
                all.add(thing);
            }
            return all;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        host = LoopbackHost.start(HttpHost.httpConfiguration(), new Things());
        port = host.port();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    static HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Status, body and every header a client reads, with the framing headers left out. */
    static void assertSameAnswer(HttpResponse<String> jersey, HttpResponse<String> direct) {
        assertEquals(jersey.statusCode(), direct.statusCode());
        assertEquals(jersey.body(), direct.body());
        for (String header : List.of("content-type", "api-version", "server", "ostype", "cache-control")) {
            assertEquals(jersey.headers().allValues(header), direct.headers().allValues(header), header);
        }
    }

    @Test
    void aMarkedRouteAnswersWhatJerseyAnswersWithItsLength() throws Exception {
        for (String query : List.of("", "?n=3&name=a%20b+c%2Fd", "?n=2&name=first&name=second", "?name=")) {
            HttpResponse<String> direct = send("GET", "/v1.43/things/json" + query);
            assertSameAnswer(send("GET", "/v1.43/things/twin" + query), direct);
            assertEquals(String.valueOf(direct.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                    direct.headers().firstValue("content-length").orElse("none"), query);
        }
        assertTrue(send("GET", "/things/json?n=1&name=a%20b+c").body().contains("\"Name\":\"a b c\""));
        assertEquals(200, send("GET", "/v1.24/things/json").statusCode());
    }

    @Test
    void whatTheMethodThrowsIsMappedAsJerseyMapsIt() throws Exception {
        int before = MARKED_CALLS.get();
        HttpResponse<String> refused = send("GET", "/things/json?n=x");
        assertEquals(400, refused.statusCode());
        assertEquals("{\"message\":\"strconv.Atoi: parsing \\\"x\\\": invalid syntax\"}", refused.body().trim());
        assertSameAnswer(send("GET", "/things/twin?n=x"), refused);
        HttpResponse<String> broken = send("GET", "/things/json?n=-1");
        assertEquals(500, broken.statusCode());
        assertEquals("{\"message\":\"a negative count: -1\"}", broken.body().trim());
        assertSameAnswer(send("GET", "/things/twin?n=-1"), broken);
        // mapped below Jersey: a slow failure is not paid twice
        assertEquals(2, MARKED_CALLS.get() - before, "one call for each of the two requests");
    }

    @Test
    void aVersionOutOfRangeGetsDockerdsError() throws Exception {
        HttpResponse<String> tooNew = send("GET", "/v1.99/things/json");
        assertEquals(400, tooNew.statusCode());
        assertTrue(tooNew.body().contains("client version 1.99 is too new. Maximum supported API version is 1.43"),
                tooNew.body());
    }

    @Test
    void aLongAnswerIsStreamedWhole() throws Exception {
        HttpResponse<String> direct = send("GET", "/things/json?n=5000&name=long");
        assertTrue(direct.body().length() > DirectRoutes.BUFFERED_BYTES, "longer than the buffer");
        assertSameAnswer(send("GET", "/things/twin?n=5000&name=long"), direct);
        assertEquals(5000, new ObjectMapper().readTree(direct.body()).size());
    }

    @Test
    void aTextAnswerAndItsHeadKeepTheirHeaders() throws Exception {
        HttpResponse<String> ping = send("GET", "/v1.43/things/ping");
        assertEquals(200, ping.statusCode());
        assertEquals("OK", ping.body());
        assertEquals("text/plain;charset=utf-8", ping.headers().firstValue("content-type").orElse(""));
        assertEquals("2", ping.headers().firstValue("content-length").orElse(""));
        assertEquals("no-cache", ping.headers().firstValue("cache-control").orElse(""));
        assertEquals("1.43", ping.headers().firstValue("api-version").orElse(""));
        HttpResponse<String> head = send("HEAD", "/things/ping");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("0", head.headers().firstValue("content-length").orElse(""));
        assertEquals("linux", head.headers().firstValue("ostype").orElse(""));
    }

    @Test
    void aMarkThatDoesNotQualifyLeavesTheRouteToJersey() throws Exception {
        HttpResponse<String> one = send("GET", "/things/abc/json");
        assertEquals(200, one.statusCode());
        assertEquals("{\"Id\":\"abc\"}", one.body().trim());
    }
}
