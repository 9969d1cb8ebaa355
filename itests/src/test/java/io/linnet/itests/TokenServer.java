package io.linnet.itests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker token server (the registry's {@code auth: token:} realm) for one user: checks basic
 * credentials or a refresh token, grants the requested actions to that user and nothing to anonymous
 * callers, and signs JWTs with RS256 under a key whose self-signed certificate (made with openssl)
 * is the registry's rootcertbundle; the certificate travels in the JWT's x5c header.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "linnet-test-registry";
    static final String ISSUER = "linnet-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    final Path certificate;
    /** Every request seen: "GET scope=...&service=..." or "POST grant_type=...". */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final String user;
    private final String password;
    private final String refreshToken = "refresh-" + UUID.randomUUID();

    TokenServer(Path dir, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("token.key");
        this.certificate = dir.resolve("token.crt");
        Commands.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile.toString(),
                "-out", certificate.toString(), "-days", "2", "-subj", "/CN=linnet-test-token-issuer").assertSuccess();
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                .decode(pem)));
        this.cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(certificate)));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The registry configuration that trusts this server. */
    String registryYaml() {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm(), SERVICE, ISSUER, certificate);
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String params = method.equals("POST")
                    ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    : ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            requests.add(method + " " + params);
            List<String> scopes = new ArrayList<>();
            String grant = "";
            String refresh = "";
            String formUser = "";
            String formPassword = "";
            boolean offline = false;
            for (String pair : params.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = pair.substring(0, eq);
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (k) {
                    case "scope" -> scopes.addAll(List.of(v.split(" ")));
                    case "grant_type" -> grant = v;
                    case "refresh_token" -> refresh = v;
                    case "username" -> formUser = v;
                    case "password" -> formPassword = v;
                    case "offline_token" -> offline = v.equals("true");
                    default -> { }
                }
            }
            String subject;
            if (method.equals("POST")) {
                boolean ok = grant.equals("refresh_token") ? refresh.equals(refreshToken)
                        : grant.equals("password") && formUser.equals(user) && formPassword.equals(password);
                if (!ok) {
                    reply(ex, 401, "{\"details\":\"incorrect username or password\"}");
                    return;
                }
                subject = user;
                offline = true;
            } else {
                String basic = ex.getRequestHeaders().getFirst("Authorization");
                if (basic == null) {
                    subject = ""; // anonymous: a token that grants nothing
                } else if (basic.equals("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))) {
                    subject = user;
                } else {
                    reply(ex, 401, "{\"details\":\"incorrect username or password\"}");
                    return;
                }
            }
            ObjectNode answer = JSON.createObjectNode();
            String jwt = sign(subject, subject.isEmpty() ? List.of() : scopes);
            answer.put("token", jwt).put("access_token", jwt).put("expires_in", 300)
                    .put("issued_at", java.time.Instant.now().toString());
            if (offline && !subject.isEmpty()) {
                answer.put("refresh_token", refreshToken);
            }
            reply(ex, 200, JSON.writeValueAsString(answer));
        } catch (Exception e) {
            reply(ex, 500, "{\"details\":\"" + e + "\"}");
        }
    }

    private String sign(String subject, List<String> scopes) throws Exception {
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT").put("alg", "RS256").putArray("x5c")
                .add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", ISSUER).put("sub", subject).put("aud", SERVICE).put("exp", now + 300)
                .put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length == 3 && parts[0].equals("repository")) {
                ObjectNode a = access.addObject().put("type", "repository").put("name", parts[1]);
                ArrayNode actions = a.putArray("actions");
                for (String action : parts[2].split(",")) {
                    actions.add(action);
                }
            }
        }
        String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + URL.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(rsa.sign());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
