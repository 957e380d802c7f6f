package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone audio}: lists the running Deskphone's microphones and speakers and which ones
 * calls use, or chooses them (what Settings → Audio devices does; calls in progress switch).
 */
@Command(
        name = "audio",
        mixinStandardHelpOptions = true,
        description = {
            "Show or choose the microphone and speaker the running Deskphone uses for calls, and where it rings.",
            "The choice is remembered; calls in progress switch at once."
        })
final class AudioCommand implements Callable<Integer> {
    /** What --microphone/--speaker take for "the system's default device". */
    static final String SYSTEM_DEFAULT = "default";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--microphone",
            paramLabel = "ID",
            description =
                    "Use this microphone (an ID from the list, or '" + SYSTEM_DEFAULT + "' for the system default).")
    private String microphone;

    @Option(
            names = "--speaker",
            paramLabel = "ID",
            description = "Use this speaker (an ID from the list, or '" + SYSTEM_DEFAULT + "' for the system default).")
    private String speaker;

    @Option(
            names = "--ringer",
            paramLabel = "ID",
            description = "Ring incoming calls on this speaker (an ID from the list, or '" + SYSTEM_DEFAULT
                    + "' for the system default).")
    private String ringer;

    @Option(names = "--json", description = "Print the devices and the choice as JSON.")
    private boolean asJson;

    @Override
    public Integer call() throws Exception {
        RunningInstance instance = new RunningInstance(spec);
        ObjectNode request = instance.command("audio");
        choice("--microphone", microphone).ifPresent(id -> request.put("microphone", id));
        choice("--speaker", speaker).ifPresent(id -> request.put("speaker", id));
        choice("--ringer", ringer).ifPresent(id -> request.put("ringer", id));
        Optional<JsonNode> reply = instance.ask(request);
        if (reply.isEmpty()) {
            return instance.reportNotRunning("");
        }
        if (!reply.get().path("ok").asBoolean()) {
            String error = reply.get().path("error").asText("the running Deskphone refused");
            boolean aboutAFlag =
                    error.startsWith("microphone:") || error.startsWith("speaker:") || error.startsWith("ringer:");
            throw new UsageException(aboutAFlag ? "--" + error : "audio: " + error);
        }
        JsonNode audio = reply.get().path("audio");
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            out.println(instance.json.writerWithDefaultPrettyPrinter().writeValueAsString(audio));
        } else {
            print(out, audio);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** "default" (any case) or blank → "" (the system default); an ID as given. */
    private static Optional<String> choice(String flag, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String id = value.trim();
        if (id.isEmpty()) {
            throw new UsageException(flag + ": give a device ID from 'deskphone audio', or '" + SYSTEM_DEFAULT + "'");
        }
        return Optional.of(SYSTEM_DEFAULT.equalsIgnoreCase(id) ? "" : id);
    }

    private static void print(PrintWriter out, JsonNode audio) {
        if (!audio.path("available").asBoolean(true)) {
            out.println("Devices cannot be chosen here: " + audio.path("reason").asText());
        }
        for (Section section : SECTIONS) {
            section(
                    out,
                    section.title(),
                    audio.path(section.devices()),
                    audio.path("selected").path(section.choice()),
                    audio.path(section.systemDefault()).asText(""));
        }
    }

    /** One list the reply's {@code audio} holds: its devices, the choice and the system default, by field. */
    private record Section(String title, String devices, String choice, String systemDefault) {}

    private static final List<Section> SECTIONS = List.of(
            new Section("Microphones (* = used for calls)", "microphones", "microphone", "defaultMicrophone"),
            new Section("Speakers (* = used for calls)", "speakers", "speaker", "defaultSpeaker"),
            new Section("Ringing (* = where incoming calls ring)", "speakers", "ringer", "defaultSpeaker"));

    private static void section(
            PrintWriter out, String title, JsonNode devices, JsonNode selected, String defaultName) {
        out.println(title + ":");
        boolean chosen = selected.isObject();
        out.printf(
                "  %s %-40s %s%n",
                chosen ? " " : "*",
                SYSTEM_DEFAULT,
                defaultName.isEmpty() ? "the system default" : "the system default: " + defaultName);
        for (JsonNode device : devices) {
            boolean used = chosen
                    && selected.path("id").asText().equals(device.path("id").asText());
            out.printf(
                    "  %s %-40s %s%n",
                    used ? "*" : " ",
                    device.path("id").asText(),
                    device.path("name").asText());
        }
        if (chosen && !selected.path("connected").asBoolean(true)) {
            out.printf(
                    "  * %-40s %s (not connected: calls use the system default until it is)%n",
                    selected.path("id").asText(), selected.path("name").asText());
        }
    }
}
