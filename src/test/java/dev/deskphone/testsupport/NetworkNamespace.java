package dev.deskphone.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private network namespace for tests that carry media: libwebrtc ignores loopback, and test
 * media must never touch the machine's real interfaces. It holds {@code lo} and one veth pair
 * ({@value #ADDRESS_A}/24 on {@value #INTERFACE_A}, {@value #ADDRESS_B}/24 on {@value #INTERFACE_B}),
 * nothing else, so traffic cannot leave it. Processes join it with {@link #command}.
 *
 * <p>Made with {@code unshare --net} (root): the holder process is the namespace; it disappears
 * when the holder and every process in it have exited, so a crashed test leaves nothing behind.
 */
public final class NetworkNamespace implements AutoCloseable {
    public static final String INTERFACE_A = "dp0";
    public static final String INTERFACE_B = "dp1";
    public static final String ADDRESS_A = "10.203.0.1";
    public static final String ADDRESS_B = "10.203.0.2";
    /** In the veth subnet but assigned to nobody: packets to it go unanswered, and stay here. */
    public static final String UNUSED_ADDRESS = "10.203.0.77";

    private final Process holder;
    private final Path nsenter;

    private NetworkNamespace(Process holder, Path nsenter) {
        this.holder = holder;
        this.nsenter = nsenter;
    }

    public static NetworkNamespace create() throws IOException {
        Path unshare = ExternalTools.require("unshare");
        Path nsenter = ExternalTools.require("nsenter");
        Path ip = ExternalTools.require("ip");
        ExternalTools.requireThat(isRoot(), "network namespace tests must run as root (unshare --net)");
        String setup = String.join(
                " && ",
                ip + " link set lo up",
                ip + " link add " + INTERFACE_A + " type veth peer name " + INTERFACE_B,
                ip + " addr add " + ADDRESS_A + "/24 dev " + INTERFACE_A,
                ip + " addr add " + ADDRESS_B + "/24 dev " + INTERFACE_B,
                ip + " link set " + INTERFACE_A + " up",
                ip + " link set " + INTERFACE_B + " up",
                "echo ready",
                // unshare and sh both exec, so the holder's pid is the namespace's first process.
                "exec sleep infinity");
        Process holder = new ProcessBuilder(unshare.toString(), "--net", "--", "sh", "-c", setup)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            StringBuilder all = new StringBuilder(String.valueOf(line));
            String more;
            while ((more = out.readLine()) != null) {
                all.append('\n').append(more);
            }
            holder.destroyForcibly();
            throw new IllegalStateException("could not set up the network namespace: " + all);
        }
        return new NetworkNamespace(holder, nsenter);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A process builder whose command runs inside the namespace. */
    public ProcessBuilder command(List<String> command) {
        List<String> full =
                new ArrayList<>(List.of(nsenter.toString(), "--net=/proc/" + holder.pid() + "/ns/net", "--"));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** The interface names a process inside the namespace should see. */
    public static List<String> expectedInterfaces() {
        return List.of("lo", INTERFACE_A, INTERFACE_B);
    }

    @Override
    public void close() {
        Processes.stop(holder);
    }
}
