package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in every PEM form openssl writes (and dockerd takes) load, and sign as their certificate says. */
class PemFilesTest {
    @TempDir
    Path dir;

    private Path openssl(String... args) throws Exception {
        Process p = new ProcessBuilder(List.of(args)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return dir;
    }

    /** A self-signed certificate for the key in {@code key}, as cert.pem. */
    private X509Certificate certify(String key) throws Exception {
        openssl("openssl", "req", "-new", "-x509", "-key", key, "-subj", "/CN=test", "-days", "1", "-out", "cert.pem");
        return PemFiles.certificates(dir.resolve("cert.pem")).get(0);
    }

    private static void assertSignsFor(PrivateKey key, X509Certificate cert, String algorithm) throws Exception {
        byte[] data = "hello".getBytes();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(data);
        assertTrue(verifier.verify(signature));
    }

    @Test
    void pkcs8AndPkcs1RsaKeysLoad() throws Exception {
        openssl("openssl", "genrsa", "-out", "pkcs8.pem", "2048");
        X509Certificate cert = certify("pkcs8.pem");
        openssl("openssl", "rsa", "-in", "pkcs8.pem", "-traditional", "-out", "pkcs1.pem");
        assertTrue(Files.readString(dir.resolve("pkcs1.pem")).contains("BEGIN RSA PRIVATE KEY"));
        PrivateKey pkcs8 = PemFiles.privateKey(dir.resolve("pkcs8.pem"));
        PrivateKey pkcs1 = PemFiles.privateKey(dir.resolve("pkcs1.pem"));
        assertArrayEquals(pkcs8.getEncoded(), pkcs1.getEncoded());
        assertSignsFor(pkcs1, cert, "SHA256withRSA");
    }

    @Test
    void sec1AndPkcs8EcKeysLoad() throws Exception {
        openssl("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        assertTrue(Files.readString(dir.resolve("sec1.pem")).contains("BEGIN EC PRIVATE KEY"));
        X509Certificate cert = certify("sec1.pem");
        assertSignsFor(PemFiles.privateKey(dir.resolve("sec1.pem")), cert, "SHA256withECDSA");
        openssl("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "sec1.pem", "-out", "ec8.pem");
        assertSignsFor(PemFiles.privateKey(dir.resolve("ec8.pem")), cert, "SHA256withECDSA");
    }

    @Test
    void keyStoreHoldsKeyAndChainAndTrustStoreEveryCa() throws Exception {
        openssl("openssl", "genrsa", "-out", "key.pem", "2048");
        certify("key.pem");
        // a bundle of two CAs with text around them, as CA files often are
        String one = Files.readString(dir.resolve("cert.pem"));
        openssl("openssl", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "k2.pem");
        certify("k2.pem");
        Files.writeString(dir.resolve("bundle.pem"), "first CA\n" + one + "second CA\n"
                + Files.readString(dir.resolve("cert.pem")));
        KeyStore trust = PemFiles.trustStore(dir.resolve("bundle.pem"));
        assertEquals(2, trust.size());
        Files.writeString(dir.resolve("cert.pem"), one);
        KeyStore keys = PemFiles.keyStore(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        assertTrue(keys.isKeyEntry("api"));
    }

    @Test
    void encryptedOrMissingKeysAreRefused() throws Exception {
        openssl("openssl", "genrsa", "-aes256", "-passout", "pass:secret", "-out", "enc.pem", "2048");
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> PemFiles.privateKey(dir.resolve("enc.pem")));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
        Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThrows(GeneralSecurityException.class, () -> PemFiles.privateKey(dir.resolve("empty.pem")));
        assertThrows(GeneralSecurityException.class, () -> PemFiles.trustStore(dir.resolve("empty.pem")));
    }
}
