package dev.deskphone.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes self-signed X.509 certificates with the JDK's own {@code keytool}, so tests need no
 * checked-in certificate that would expire one day.
 */
public final class SelfSignedCertificates {
    private SelfSignedCertificates() {}

    /** A PEM file with a self-signed CA certificate valid from yesterday for 30 days. */
    public static Path validCa(Path dir, String commonName) throws IOException, InterruptedException {
        return create(dir, commonName, "-1d", 30);
    }

    /** A PEM file with a certificate that expired days ago. */
    public static Path expiredCa(Path dir, String commonName) throws IOException, InterruptedException {
        return create(dir, commonName, "-10d", 2);
    }

    private static Path create(Path dir, String commonName, String startDate, int validityDays)
            throws IOException, InterruptedException {
        Path keystore = dir.resolve(commonName + ".p12");
        Path pem = dir.resolve(commonName + ".pem");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + commonName,
                "-startdate",
                startDate,
                "-validity",
                String.valueOf(validityDays),
                "-ext",
                "bc:c",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                pem.toString());
        Files.delete(keystore);
        return pem;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + String.join(" ", command) + "\n" + output);
        }
    }
}
