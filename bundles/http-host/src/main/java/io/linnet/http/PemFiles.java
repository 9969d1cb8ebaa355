package io.linnet.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files as dockerd takes them (Go's {@code tls.X509KeyPair} and CA pools), made into the
 * KeyStores Jetty wants. The JDK reads PKCS#8 keys; PKCS#1 RSA and SEC1 EC keys (what older
 * openssl writes) are wrapped into PKCS#8 first, which is a fixed DER envelope around them.
 */
final class PemFiles {
    /** In-memory stores only: the password guards nothing, the JDK just insists on one. */
    static final String STORE_PASSWORD = "linnet";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PemFiles() {
    }

    /** A store with the server's key and certificate chain under alias "api". */
    static KeyStore keyStore(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(certFile);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certFile);
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("api", privateKey(keyFile), STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
        return store;
    }

    /** A store of the CA certificates clients' certificates must chain to. */
    static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> cas = certificates(caFile);
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("failed to append certificates from PEM file: \"" + caFile + "\"");
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        return store;
    }

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block block : blocks(file)) {
            if (block.type().equals("CERTIFICATE")) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return pkcs8(block.der(), "RSA", "EC", "Ed25519", "Ed448");
                case "RSA PRIVATE KEY":
                    return pkcs8(privateKeyInfo(RSA_ALGORITHM, block.der()), "RSA");
                case "EC PRIVATE KEY":
                    byte[] algorithm = sequence(EC_PUBLIC_KEY_OID, Der.ecCurve(block.der()));
                    return pkcs8(privateKeyInfo(algorithm, block.der()), "EC");
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("the key in " + file + " is encrypted: give an unencrypted key");
                default:
                    // a certificate or parameters before the key: look further
            }
        }
        throw new GeneralSecurityException("tls: failed to find any PEM data in key input " + file);
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("tls: failed to parse private key", last);
    }

    /** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }. */
    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        return sequence(hex("020100"), algorithm, Der.encode(0x04, key));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return Der.encode(0x30, body.toByteArray());
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(2).contains("Proc-Type: 4,ENCRYPTED")) {
                out.add(new Block("ENCRYPTED PRIVATE KEY", new byte[0]));
                continue;
            }
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return out;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** The little DER this needs: encode one TLV, and find the curve of a SEC1 EC key. */
    static final class Der {
        private Der() {
        }

        static byte[] encode(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        /**
         * ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] parameters, [1] publicKey }:
         * the named-curve OID of [0], whole (tag and length), as AlgorithmIdentifier wants it.
         */
        static byte[] ecCurve(byte[] sec1) throws GeneralSecurityException {
            int[] outer = header(sec1, 0);
            int pos = outer[0];
            int end = pos + outer[1];
            while (pos < end) {
                int tag = sec1[pos] & 0xff;
                int[] h = header(sec1, pos);
                if (tag == 0xa0) {
                    int[] oid = header(sec1, h[0]);
                    return Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
                }
                pos = h[0] + h[1];
            }
            throw new GeneralSecurityException("tls: EC private key names no curve");
        }

        /** {content offset, content length} of the TLV at {@code pos}. */
        private static int[] header(byte[] der, int pos) throws GeneralSecurityException {
            if (pos + 2 > der.length) {
                throw new GeneralSecurityException("tls: truncated private key");
            }
            int len = der[pos + 1] & 0xff;
            int at = pos + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes > 3 || at + bytes > der.length) {
                    throw new GeneralSecurityException("tls: malformed private key");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (der[at++] & 0xff);
                }
            }
            if (at + len > der.length) {
                throw new GeneralSecurityException("tls: truncated private key");
            }
            return new int[] {at, len};
        }
    }
}
