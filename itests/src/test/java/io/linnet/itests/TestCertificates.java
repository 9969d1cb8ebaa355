package io.linnet.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CA, a server certificate for 127.0.0.1 and localhost, and a client certificate, made with openssl
 * for one test run (never committed), laid out as the docker CLI's DOCKER_CERT_PATH wants them
 * ({@code client/ca.pem, cert.pem, key.pem}), plus a client of another CA. Key forms vary on purpose:
 * the server key is PKCS#1 RSA and the client keys are EC, as older openssl and other tools write them.
 */
public record TestCertificates(Path dir, Path caCert, Path serverCert, Path serverKey, Path client, Path strangerClient) {

    public static TestCertificates make(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("client"));
        Files.createDirectories(dir.resolve("stranger"));
        String script = """
                set -e
                openssl genrsa -out ca-key.pem 2048
                openssl req -new -x509 -days 1 -key ca-key.pem -subj /CN=linnet-test-ca -out ca.pem
                openssl genrsa -traditional -out server-key.pem 2048
                openssl req -new -key server-key.pem -subj /CN=localhost -out server.csr
                printf 'subjectAltName = DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage = serverAuth\\n' > server.ext
                openssl x509 -req -days 1 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \\
                    -extfile server.ext -out server-cert.pem
                client() { # dir ca ca-key
                    openssl ecparam -name prime256v1 -genkey -noout -out $1/key.pem
                    openssl req -new -key $1/key.pem -subj /CN=client -out $1/client.csr
                    printf 'extendedKeyUsage = clientAuth\\n' > $1/client.ext
                    openssl x509 -req -days 1 -in $1/client.csr -CA $2 -CAkey $3 -CAcreateserial \\
                        -extfile $1/client.ext -out $1/cert.pem
                }
                client client ca.pem ca-key.pem
                cp ca.pem client/ca.pem
                openssl genrsa -out stranger-ca-key.pem 2048
                openssl req -new -x509 -days 1 -key stranger-ca-key.pem -subj /CN=stranger-ca -out stranger-ca.pem
                client stranger stranger-ca.pem stranger-ca-key.pem
                cp ca.pem stranger/ca.pem
                """;
        Process p = new ProcessBuilder(List.of("sh", "-c", script)).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("openssl failed:\n" + out);
        }
        return new TestCertificates(dir, dir.resolve("ca.pem"), dir.resolve("server-cert.pem"),
                dir.resolve("server-key.pem"), dir.resolve("client"), dir.resolve("stranger"));
    }

    /** linnetd's flags to serve TLS with client verification on {@code host}. */
    public List<String> daemonArgs(String host) {
        return List.of("-H", host, "--tlsverify", "--tlscacert", caCert.toString(), "--tlscert", serverCert.toString(),
                "--tlskey", serverKey.toString());
    }
}
