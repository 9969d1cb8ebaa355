package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiVersionFilterTest {
    @Test
    void aVersionPrefixIsReplacedOnTheRawPathWithTheQueryKept() {
        URI uri = URI.create("http://docker/v1.43/images/127.0.0.1:5000%2Fname/push?tag=a%20b");
        assertEquals(URI.create("http://docker/images/127.0.0.1:5000%2Fname/push?tag=a%20b"),
                ApiVersionFilter.withPath(uri, "/images/127.0.0.1:5000%2Fname/push"));
    }
}
