package dev.deskphone.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The backend's HTTPS identity: a PEM certificate chain and its private key, as openssl and Let's
 * Encrypt write them, loaded and checked once before the server starts, so a wrong file stops the
 * start with a message instead of failing every client's handshake.
 *
 * <p>The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY})
 * or SEC1 EC ({@code BEGIN EC PRIVATE KEY}, RFC 5915); the JDK reads only the first, Bouncy Castle's
 * PEM parser reads all three. Encrypted keys are refused: the server starts unattended.
 */
public final class ServerTls {
    /** Only TLS 1.2 (RFC 5246) and 1.3 (RFC 8446); older versions are deprecated by RFC 8996. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    // The key lives only in this in-memory store, which needs some password; it is never written.
    private static final char[] STORE_PASSWORD = "deskphone-in-memory".toCharArray();

    /** Which of the two files a problem is in. */
    public enum Part {
        CERTIFICATE,
        KEY
    }

    /** A certificate or key file that cannot serve HTTPS, with the file at fault. */
    public static final class InvalidFileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Part part;

        InvalidFileException(Part part, String message) {
            super(message);
            this.part = part;
        }

        public Part part() {
            return part;
        }
    }

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ServerTls(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * Reads the chain (server certificate first, then intermediates) and the key, and checks that
     * the certificate is valid at {@code now} and that the key is the certificate's.
     *
     * @throws InvalidFileException naming the file at fault; a key that does not match is {@link Part#KEY}
     */
    public static ServerTls load(Path certificateFile, Path keyFile, Instant now) {
        List<X509Certificate> chain = readChain(certificateFile, now);
        PrivateKey key = readKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new InvalidFileException(
                    Part.KEY,
                    "the private key in " + keyFile
                            + " does not belong to the certificate in " + certificateFile + " ('"
                            + chain.get(0).getSubjectX500Principal().getName() + "')");
        }
        return new ServerTls(chain, key);
    }

    /** The server certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Jetty's TLS settings for this identity: TLS 1.2 and 1.3 only, the JDK's default cipher suites. */
    SslContextFactory.Server sslContextFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(store);
            factory.setKeyStorePassword(new String(STORE_PASSWORD));
            factory.setIncludeProtocols(PROTOCOLS);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold the TLS key in memory: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readChain(Path file, Instant now) {
        byte[] bytes = read(Part.CERTIFICATE, file);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (var certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                chain.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new InvalidFileException(Part.CERTIFICATE, file + " is not a PEM file of X.509 certificates");
        }
        if (chain.isEmpty()) {
            throw new InvalidFileException(Part.CERTIFICATE, file + " contains no certificate");
        }
        X509Certificate server = chain.get(0);
        try {
            server.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new InvalidFileException(
                    Part.CERTIFICATE,
                    "the certificate in " + file + " expired on "
                            + server.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new InvalidFileException(
                    Part.CERTIFICATE,
                    "the certificate in " + file + " is not valid before "
                            + server.getNotBefore().toInstant());
        }
        return chain;
    }

    private static PrivateKey readKey(Path file) {
        byte[] bytes = read(Part.KEY, file);
        try (Reader text = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(text)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return privateKey(file, pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return privateKey(file, info);
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new InvalidFileException(
                            Part.KEY,
                            "the private key in " + file + " is encrypted; the server"
                                    + " starts unattended, so give it the key without a passphrase (openssl pkey -in "
                                    + file.getFileName() + " -out KEY), readable only by the server's user");
                }
                // Anything else (EC PARAMETERS before an EC key, a certificate) is not the key: read on.
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidFileException invalid) {
                throw invalid;
            }
            throw new InvalidFileException(Part.KEY, file + " is not a PEM private key (" + e.getMessage() + ")");
        }
        throw new InvalidFileException(
                Part.KEY,
                file + " contains no PEM private key"
                        + " (expected BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    /** The key as a JDK key object, through its PKCS#8 encoding (RFC 5208) and the JDK's own key factory. */
    private static PrivateKey privateKey(Path file, PrivateKeyInfo info) throws IOException {
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case "1.2.840.113549.1.1.1" -> "RSA"; // rsaEncryption, RFC 8017
            case "1.2.840.10045.2.1" -> "EC"; // id-ecPublicKey, RFC 5480
            case "1.3.101.112" -> "Ed25519"; // RFC 8410
            case "1.3.101.113" -> "Ed448";
            default ->
                throw new InvalidFileException(
                        Part.KEY,
                        "the private key in " + file + " is of an unsupported type (algorithm " + oid
                                + "); use RSA, EC or Ed25519");
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new InvalidFileException(
                    Part.KEY, "cannot use the " + algorithm + " private key in " + file + ": " + e.getMessage());
        }
    }

    /** Whether the key is the certificate's: a signature made with it verifies with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "EDDSA" -> "Ed25519";
            case "ED448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key for an RSA certificate
        }
    }

    private static byte[] read(Part part, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidFileException(part, "no such file: " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidFileException(part, "cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new InvalidFileException(part, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
