package io.linnet.http;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS side of the TCP listeners, as dockerd's: TLS 1.2 or later (Jetty's defaults leave out
 * older protocols and weak suites), and with {@code tlsverify} a client is refused at the
 * handshake unless it shows a certificate that chains to the CA file.
 */
final class ApiTlsContext {
    private ApiTlsContext() {
    }

    /** The TLS settings every TCP connector shares (the PEM files are read once, here). */
    static SslContextFactory.Server serverContext(HttpHostConfig config) throws IOException, GeneralSecurityException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemFiles.keyStore(Path.of(config.tlsCert()), Path.of(config.tlsKey())));
        ssl.setKeyStorePassword(PemFiles.STORE_PASSWORD);
        ssl.setKeyManagerPassword(PemFiles.STORE_PASSWORD);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        if (config.tlsVerify()) {
            ssl.setTrustStore(PemFiles.trustStore(Path.of(config.tlsCaCert())));
            ssl.setTrustStorePassword(PemFiles.STORE_PASSWORD);
            ssl.setNeedClientAuth(true);
        }
        return ssl;
    }

    /** A connector's own TLS layer in front of HTTP/1.1. */
    static SslConnectionFactory connectionFactory(SslContextFactory.Server ssl) {
        return new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString());
    }
}
