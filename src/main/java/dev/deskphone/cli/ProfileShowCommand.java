package dev.deskphone.cli;

import dev.deskphone.profile.Account;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Fields;
import dev.deskphone.profile.Profile;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.profile.ValidationException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code deskphone profile show NAME [--json]}. */
@Command(name = "show", description = "Show one profile in full (no secrets).")
final class ProfileShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The profile to show.")
    private String name;

    @Mixin
    private ConfigurationView view;

    @Override
    public Integer call() {
        Configuration configuration = view.load();
        ProfileService service = view.service();
        Profile profile = configuration
                .profile(name)
                .orElseThrow(
                        () -> new ValidationException(Fields.NAME, "no profile '" + name + "'" + known(configuration)));
        PrintWriter out = view.out();
        if (view.json) {
            JsonOutput output = new JsonOutput();
            output.print(out, output.profile(profile, configuration));
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("FIELD", "VALUE")
                .row("name", profile.name())
                .row(
                        "source",
                        profile.locked()
                                ? "system, locked (" + service.dirs().system() + ")"
                                : "user (" + service.dirs().user() + ")")
                .row("default", configuration.isDefault(profile.name()) ? "yes" : "no")
                .row("server", profile.server().toString())
                .row("domain", profile.domain())
                .row("stun", profile.stun().stream().map(URI::toString).collect(Collectors.joining(", ")))
                .row(
                        "turn",
                        profile.turn()
                                .map(t -> t.uri() + " (user " + t.username() + ")")
                                .orElse(""))
                .row(
                        "turn-password",
                        profile.turn().isEmpty()
                                ? ""
                                : service.loadSecrets().turnPassword(profile).isPresent()
                                        ? "stored"
                                        : "missing, or not readable by this user (see any warning above)")
                .row("ca-file", profile.caFile().map(Object::toString).orElse(""))
                .row("register-expires", profile.registerExpires() + " s")
                .row("ice-timeout-ms", profile.iceGatheringTimeoutMs() + " ms")
                .row("wrapup-seconds", profile.wrapUp().seconds() + " s")
                .row("dispositions", String.join(", ", profile.wrapUp().dispositions()))
                .row("dnd-response", String.valueOf(profile.wrapUp().dndResponse()))
                .row("ring-during-wrapup", profile.wrapUp().ringDuringWrapUp() ? "on" : "off")
                .row(
                        "auto-answer",
                        profile.calls().autoAnswerSeconds().isPresent()
                                ? "after " + profile.calls().autoAnswerSeconds().getAsInt() + " s"
                                : "off")
                .row(
                        "ice-transport-policy",
                        profile.calls().iceTransportPolicy().wireName())
                .row("header-auto-answer", profile.calls().headerAutoAnswer() ? "on" : "off")
                .row(
                        "codecs",
                        profile.calls().codecs().isEmpty()
                                ? "default (the media engine's order, opus first)"
                                : String.join(", ", profile.calls().codecs()))
                .row(
                        "allow-links",
                        profile.consent().allowLinks().isEmpty()
                                ? "none (the agent confirms every link)"
                                : String.join(", ", profile.consent().allowLinks()))
                .row("refer", profile.consent().refer().wireName())
                .row("keepalive-seconds", profile.keepAliveSeconds() == 0 ? "off" : profile.keepAliveSeconds() + " s")
                .row(
                        "accounts",
                        configuration.accountsOf(profile.name()).stream()
                                .map(Account::extension)
                                .collect(Collectors.joining(", ")));
        table.print(out);
        return ExitCodes.OK;
    }

    private static String known(Configuration configuration) {
        return configuration.profiles().isEmpty()
                ? " (no profiles are configured yet)"
                : " (profiles: "
                        + configuration.profiles().stream().map(Profile::name).collect(Collectors.joining(", ")) + ")";
    }
}
