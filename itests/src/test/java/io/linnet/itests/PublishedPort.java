package io.linnet.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reaching a port a container publishes, from the host, once its server listens. */
final class PublishedPort {
    private PublishedPort() {
    }

    /** "status body" of a GET of {@code url}, tried for up to 5 s while nothing listens yet. */
    static String fetch(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Exception last = null;
        for (int i = 0; i < 20; i++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e; // httpd not listening yet
                Thread.sleep(250);
            }
        }
        throw last;
    }
}
