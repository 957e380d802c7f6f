package dev.deskphone.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Kamailio 5.6 PBX for tests: SIP over WebSocket (and WSS with {@link #withTls}) with digest
 * authentication against the subscribers given, bound to 127.0.0.1 on free ports. Its configuration
 * is src/test/resources/kamailio/kamailio.cfg; registrations are read back with kamcmd.
 */
public final class Kamailio implements AutoCloseable {
    public static final String DOMAIN = "pbx.test";
    private static final Pattern AOR = Pattern.compile("AoR:\\s*(\\S+)");

    private final Path dir;
    private final Map<String, String> users;
    private final String bind;
    private final int sipPort;
    private final int wsPort;
    private final int wssPort;
    private final TestCertificates certificates;
    private NetworkNamespace namespace;
    private Process process;

    private Kamailio(Path dir, Map<String, String> users, String bind, TestCertificates certificates)
            throws IOException {
        this.dir = dir;
        this.users = new LinkedHashMap<>(users);
        this.bind = bind;
        this.certificates = certificates;
        this.sipPort = freePort();
        this.wsPort = freePort();
        this.wssPort = freePort();
    }

    /** Plain ws:// on 127.0.0.1. {@code users} maps extension to digest password. */
    public static Kamailio start(Path dir, Map<String, String> users) throws IOException, InterruptedException {
        Kamailio kamailio = new Kamailio(dir, users, "127.0.0.1", null);
        kamailio.startProcess();
        return kamailio;
    }

    /** ws:// and wss:// on 127.0.0.1, the TLS listener serving the given server certificate. */
    public static Kamailio withTls(Path dir, Map<String, String> users, TestCertificates certificates)
            throws IOException, InterruptedException {
        Kamailio kamailio = new Kamailio(dir, users, "127.0.0.1", certificates);
        kamailio.startProcess();
        return kamailio;
    }

    /**
     * Plain ws:// inside a test network namespace, on {@link NetworkNamespace#ADDRESS_A}: for tests
     * whose clients carry media (libwebrtc ignores loopback).
     */
    public static Kamailio inNamespace(NetworkNamespace namespace, Path dir, Map<String, String> users)
            throws IOException, InterruptedException {
        Kamailio kamailio = new Kamailio(dir, users, NetworkNamespace.ADDRESS_A, null);
        kamailio.namespace = namespace;
        kamailio.startProcess();
        return kamailio;
    }

    public String wsUrl() {
        return "ws://" + bind + ":" + wsPort;
    }

    /** wss:// URL with the given host (e.g. "localhost" matches the test certificate, "127.0.0.1" does not). */
    public String wssUrl(String host) {
        return "wss://" + host + ":" + wssPort;
    }

    public int wsPort() {
        return wsPort;
    }

    /** The plain SIP (UDP) listener, for hand-written requests from a caller outside Deskphone. */
    public int sipPort() {
        return sipPort;
    }

    /** The extensions currently registered (usrloc AoRs with a contact, user part only). */
    public Set<String> registeredExtensions() throws IOException, InterruptedException {
        return contacts().stream().map(Contact::extension).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Seconds until each registered extension's contact expires, as the PBX's location table says. */
    public Map<String, Integer> secondsToExpiry() throws IOException, InterruptedException {
        Map<String, Integer> expiries = new java.util.TreeMap<>();
        contacts().forEach(contact -> expiries.put(contact.extension(), contact.expires()));
        return expiries;
    }

    /**
     * One binding of the PBX's location table (usrloc, RFC 3261 section 10.3): the extension (AoR
     * user part), its Contact address, the source the REGISTER came from ({@code received}, as
     * fix_nated_register recorded it; empty when none) and the seconds until it expires.
     */
    public record Contact(String extension, String address, String received, int expires) {}

    /** Every binding of the location table, read with {@code kamcmd ul.dump} over the control socket. */
    public List<Contact> contacts() throws IOException, InterruptedException {
        List<Contact> contacts = new java.util.ArrayList<>();
        String extension = null;
        Contact contact = null; // the one being read: its fields follow its Address line
        for (String line : kamcmd("ul.dump").split("\n")) {
            String trimmed = line.trim();
            Matcher aor = AOR.matcher(trimmed);
            if (aor.lookingAt()) {
                extension = aor.group(1).contains("@")
                        ? aor.group(1).substring(0, aor.group(1).indexOf('@'))
                        : aor.group(1);
            } else if (trimmed.startsWith("Address:")) {
                if (contact != null) {
                    contacts.add(contact);
                }
                contact = new Contact(extension, value(trimmed), "", -1);
            } else if (contact != null && trimmed.startsWith("Expires:")) {
                // A number of seconds, or "permanent" / "expired".
                int expires = value(trimmed).matches("\\d+") ? Integer.parseInt(value(trimmed)) : -1;
                contact = new Contact(contact.extension(), contact.address(), contact.received(), expires);
            } else if (contact != null
                    && trimmed.startsWith("Received:")
                    && !value(trimmed).equals("[not set]")) {
                contact = new Contact(contact.extension(), contact.address(), value(trimmed), contact.expires());
            }
        }
        if (contact != null) {
            contacts.add(contact);
        }
        return contacts;
    }

    private static String value(String field) {
        return field.substring(field.indexOf(':') + 1).trim();
    }

    /** The bindings of one extension. */
    public List<Contact> contactsOf(String extension) throws IOException, InterruptedException {
        return contacts().stream()
                .filter(contact -> contact.extension().equals(extension))
                .toList();
    }

    /** Stops the PBX (all WebSocket connections drop, registrations are forgotten) and starts it again. */
    public void restart() throws IOException, InterruptedException {
        stopProcess();
        startProcess();
    }

    public void stop() throws InterruptedException {
        stopProcess();
    }

    public Path log() {
        return dir.resolve("kamailio.log");
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        Path kamailioBinary = ExternalTools.require("kamailio");
        ExternalTools.require("kamcmd");
        Files.createDirectories(dir);
        Path config = writeConfig();
        List<String> command = new java.util.ArrayList<>(List.of(
                kamailioBinary.toString(),
                "-f",
                config.toString(),
                "-DD",
                "-E",
                "-Y",
                dir.toString(),
                "-P",
                dir.resolve("kamailio.pid").toString(),
                "-m",
                "32",
                "-M",
                "4"));
        if (certificates != null) {
            command.addAll(List.of("-A", "WITH_TLS"));
        }
        ProcessBuilder builder = namespace != null ? namespace.command(command) : new ProcessBuilder(command);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = builder.start();
        if (namespace != null) {
            // Its sockets are unreachable from here: it is up once its control socket answers.
            awaitControlSocket();
            return;
        }
        awaitListening(wsPort);
        if (certificates != null) {
            awaitListening(wssPort);
        }
    }

    private Path writeConfig() throws IOException {
        String template;
        try (InputStream in = Kamailio.class.getResourceAsStream("/kamailio/kamailio.cfg")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String usersBlock = users.entrySet().stream()
                .map(e -> "    $sht(users=>" + e.getKey() + ") = \"" + e.getValue() + "\";")
                .collect(Collectors.joining("\n"));
        String config = template.replace("@@DOMAIN@@", DOMAIN)
                .replace("@@BIND@@", bind)
                .replace("@@SIP_PORT@@", Integer.toString(sipPort))
                .replace("@@WS_PORT@@", Integer.toString(wsPort))
                .replace("@@WSS_PORT@@", Integer.toString(wssPort))
                .replace("@@CTL_SOCKET@@", ctlSocket().toString())
                .replace("@@TLS_CFG@@", dir.resolve("tls.cfg").toString())
                .replace("@@USERS@@", usersBlock);
        if (certificates != null) {
            Files.writeString(
                    dir.resolve("tls.cfg"),
                    "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
                            + "require_certificate = no\nprivate_key = " + certificates.serverKey() + "\ncertificate = "
                            + certificates.serverChain() + "\n\n[client:default]\nverify_certificate = no\n");
        }
        Path path = dir.resolve("kamailio.cfg");
        Files.writeString(path, config);
        return path;
    }

    private Path ctlSocket() {
        return dir.resolve("ctl.sock");
    }

    private String kamcmd(String command) throws IOException, InterruptedException {
        Process kamcmd = new ProcessBuilder(
                        ExternalTools.require("kamcmd").toString(), "-s", "unix:" + ctlSocket(), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(kamcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kamcmd.waitFor(10, TimeUnit.SECONDS) || kamcmd.exitValue() != 0) {
            throw new IOException("kamcmd " + command + " failed: " + output);
        }
        return output;
    }

    private void awaitControlSocket() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("kamailio exited with " + process.exitValue() + ": " + Files.readString(log()));
            }
            try {
                kamcmd("core.uptime");
                return;
            } catch (IOException notYet) {
                last = notYet;
                Thread.sleep(100);
            }
        }
        throw new IOException(
                "kamailio did not answer on its control socket within 15 s: " + last + Files.readString(log()));
    }

    private void awaitListening(int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("kamailio exited with " + process.exitValue() + ": " + Files.readString(log()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(bind, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("kamailio did not listen on " + port + " within 15 s: " + Files.readString(log()));
    }

    private void stopProcess() throws InterruptedException {
        if (process == null) {
            return;
        }
        // Kamailio's main process stops its children on SIGTERM.
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
