package dev.deskphone.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private test CA and a server certificate it signed for DNS name "localhost" only, made with the
 * openssl command line: a client trusting the CA must accept wss://localhost and refuse
 * wss://127.0.0.1 (host name mismatch), and a client not trusting it must refuse both.
 */
public record TestCertificates(Path caCert, Path serverKey, Path serverChain) {

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        ExternalTools.require("openssl");
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.pem");
        Path serverKey = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path serverCert = dir.resolve("server.pem");
        Path ext = dir.resolve("server.ext");
        Files.writeString(
                ext,
                "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                        + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                caCert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=Deskphone Test CA");
        openssl(
                dir,
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                serverKey.toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/CN=localhost");
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCert.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-out",
                serverCert.toString(),
                "-days",
                "2",
                "-extfile",
                ext.toString());
        Path chain = dir.resolve("server-chain.pem");
        Files.writeString(chain, Files.readString(serverCert) + Files.readString(caCert));
        return new TestCertificates(caCert, serverKey, chain);
    }

    /** The server key and chain as a PKCS#12 key store, for Java TLS servers in tests. */
    public Path serverPkcs12(String password) throws IOException, InterruptedException {
        Path store = serverKey.resolveSibling("server.p12");
        openssl(
                serverKey.getParent(),
                "pkcs12",
                "-export",
                "-inkey",
                serverKey.toString(),
                "-in",
                serverChain.toString(),
                "-out",
                store.toString(),
                "-passout",
                "pass:" + password);
        return store;
    }

    /** The server key as openssl's "traditional" PEM: SEC1 ({@code BEGIN EC PRIVATE KEY}, RFC 5915). */
    public Path serverKeyTraditional() throws IOException, InterruptedException {
        Path key = serverKey.resolveSibling("server-sec1.key");
        openssl(serverKey.getParent(), "pkey", "-in", serverKey.toString(), "-traditional", "-out", key.toString());
        return key;
    }

    /** The server key encrypted with {@code passphrase} ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
    public Path serverKeyEncrypted(String passphrase) throws IOException, InterruptedException {
        Path key = serverKey.resolveSibling("server-encrypted.key");
        openssl(
                serverKey.getParent(),
                "pkey",
                "-in",
                serverKey.toString(),
                "-aes256",
                "-passout",
                "pass:" + passphrase,
                "-out",
                key.toString());
        return key;
    }

    /** A self-signed RSA certificate for "localhost" and its key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    public static TestCertificates selfSignedRsa(Path dir) throws IOException, InterruptedException {
        ExternalTools.require("openssl");
        Files.createDirectories(dir);
        Path pkcs8 = dir.resolve("rsa-pkcs8.key");
        Path pkcs1 = dir.resolve("rsa.key");
        Path cert = dir.resolve("rsa.pem");
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                pkcs8.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost");
        openssl(dir, "pkey", "-in", pkcs8.toString(), "-traditional", "-out", pkcs1.toString());
        return new TestCertificates(cert, pkcs1, cert);
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
