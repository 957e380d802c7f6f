package dev.deskphone.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * The certificates an admin trusts for a server with a private CA (a PBX, the call-event backend),
 * checked when configured (so a wrong file is refused at once, not at the first connection); a
 * profile's are stored as normalised PEM.
 */
public final class CaCertificates {
    private final List<X509Certificate> certificates;

    private CaCertificates(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /**
     * Reads and checks a PEM (or DER) file of X.509 certificates.
     *
     * @throws ValidationException on field {@code ca-file} when unreadable, not certificates, or not valid at {@code now}
     */
    public static CaCertificates read(Path file, Instant now) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ValidationException(Fields.CA_FILE, "no such file: " + file);
        } catch (IOException e) {
            throw new ValidationException(Fields.CA_FILE, "cannot read " + file + ": " + ConfigStore.describe(e));
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new ValidationException(Fields.CA_FILE, file + " is not a PEM file of X.509 certificates");
        }
        if (certificates.isEmpty()) {
            throw new ValidationException(Fields.CA_FILE, file + " contains no certificate");
        }
        for (X509Certificate certificate : certificates) {
            checkValidity(file, certificate, now);
        }
        return new CaCertificates(certificates);
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The certificates as PEM, one BEGIN/END block each (RFC 7468). */
    String toPem() {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(base64.encodeToString(encoded(certificate)))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return pem.toString();
    }

    /** A short hash of the content, to name the stored copy. */
    String contentHash() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : certificates) {
                sha256.update(encoded(certificate));
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void checkValidity(Path file, X509Certificate certificate, Instant now) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new ValidationException(
                    Fields.CA_FILE,
                    "certificate '" + subject + "' in " + file + " expired on "
                            + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new ValidationException(
                    Fields.CA_FILE,
                    "certificate '" + subject + "' in " + file + " is not valid before "
                            + certificate.getNotBefore().toInstant());
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate can be encoded again", e);
        }
    }
}
