package dev.deskphone.cli;

import java.util.ArrayList;
import java.util.List;

/** Command lines of {@code deskphone profile add}, as the CLI tests type them. */
final class ProfileAddArgs {
    /** A plain WebSocket server on this machine, as a lab PBX is reached. */
    static final String LAB_SERVER = "ws://127.0.0.1:5066";

    static final String LAB_DOMAIN = "lab.local";

    private ProfileAddArgs() {}

    /** {@code profile add NAME --server SERVER --domain DOMAIN}, then the other flags. */
    static String[] profileAdd(String name, String server, String domain, String... flags) {
        List<String> args = new ArrayList<>(List.of("profile", "add", name, "--server", server, "--domain", domain));
        args.addAll(List.of(flags));
        return args.toArray(String[]::new);
    }

    /** {@code profile add NAME} on the lab PBX, then the other flags. */
    static String[] onLab(String name, String... flags) {
        return profileAdd(name, LAB_SERVER, LAB_DOMAIN, flags);
    }
}
