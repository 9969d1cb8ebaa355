package io.linnet.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TLS of the TCP listeners, with dockerd 24's rules: {@code tlsverify} given at all turns TLS on,
 * {@code tls} alone verifies clients unless {@code tlsverify} is false, and the files default to
 * {@code ca.pem}, {@code cert.pem} and {@code key.pem} in {@code $DOCKER_CERT_PATH}, else
 * {@code $DOCKER_CONFIG}, else {@code ~/.docker} (cert and key only where those files exist).
 *
 * @param enabled whether TCP listeners speak TLS
 * @param verify  whether a client must show a certificate signed by {@code caCert}
 */
public record ApiTls(boolean enabled, boolean verify, String caCert, String cert, String key) {
    static final ApiTls OFF = new ApiTls(false, false, "", "", "");

    /** From the merged flag and file values ({@code tls}, {@code tlsverify}, ... as Booleans and Strings). */
    static ApiTls resolve(Boolean tls, Boolean tlsVerify, String caCert, String cert, String key,
            Map<String, String> env) {
        boolean enabled = tlsVerify != null || Boolean.TRUE.equals(tls);
        if (!enabled) {
            return OFF;
        }
        boolean verify = tlsVerify == null || tlsVerify;
        Path certPath = defaultCertPath(env);
        ApiTls resolved = new ApiTls(true, verify,
                caCert != null ? caCert : certPath.resolve("ca.pem").toString(),
                cert != null ? cert : existingOrEmpty(certPath.resolve("cert.pem")),
                key != null ? key : existingOrEmpty(certPath.resolve("key.pem")));
        resolved.checkFiles();
        return resolved;
    }

    /** dockerd's words when a file is missing, before any bundle starts. */
    private void checkFiles() {
        if (!readable(cert) || !readable(key)) {
            String missing = readable(cert) ? key : cert;
            throw new IllegalArgumentException("could not load X509 key pair (cert: \"" + cert + "\", key: \"" + key
                    + "\"): open " + missing + ": no such file or directory");
        }
        if (verify && !readable(caCert)) {
            throw new IllegalArgumentException("could not read CA certificate \"" + caCert + "\": open " + caCert
                    + ": no such file or directory");
        }
    }

    private static boolean readable(String file) {
        return !file.isEmpty() && Files.isReadable(Path.of(file));
    }

    private static String existingOrEmpty(Path file) {
        return Files.exists(file) ? file.toString() : "";
    }

    private static Path defaultCertPath(Map<String, String> env) {
        String certPath = env.getOrDefault("DOCKER_CERT_PATH", "");
        if (!certPath.isEmpty()) {
            return Path.of(certPath);
        }
        String config = env.getOrDefault("DOCKER_CONFIG", "");
        if (!config.isEmpty()) {
            return Path.of(config);
        }
        return Path.of(System.getProperty("user.home"), ".docker");
    }
}
