package dev.deskphone.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds PulseAudio's command-line clients (pactl, paplay: Debian's pulseaudio-utils). */
public final class PulseAudioTools {
    private PulseAudioTools() {}

    /** {@code program} from the environment's PATH (the usual system directories without one). */
    public static Optional<Path> find(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
