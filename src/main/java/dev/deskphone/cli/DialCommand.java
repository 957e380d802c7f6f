package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.calls.DialOrigin;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone dial TARGET [--account EXT]}: click-to-dial. The running Deskphone places the
 * call; when none runs, this starts it, and it dials once the account is registered. Also what
 * {@code sip:} and {@code tel:} links invoke.
 */
@Command(
        name = "dial",
        mixinStandardHelpOptions = true,
        description = {
            "Call a number or SIP URI from the running Deskphone (starting it if needed).",
            "TARGET: a number (digits, +, *, #), user@domain, sip:user@domain or tel:+number."
        })
final class DialCommand implements Callable<Integer> {
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#][0-9*#().\\- ]*");
    private static final Pattern SIP_URI = Pattern.compile("(sips?:)?[^\\s@:]+@[^\\s@]+|sips?:[^\\s@]+");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Number or SIP URI to call.")
    private String target;

    @Option(
            names = "--account",
            paramLabel = "EXT",
            description = "Call from this account: an extension or profile/extension (default: the first registered).")
    private String account;

    @Override
    public Integer call() throws Exception {
        String normalized = normalize(target);
        RunningInstance instance = new RunningInstance(spec);
        // The agent typed this: the page dials without asking (a clicked link would ask).
        ObjectNode request =
                instance.command("dial").put("target", normalized).put("origin", DialOrigin.CLI.wireName());
        if (account != null) {
            request.put("account", account);
        }
        Optional<JsonNode> reply = instance.ask(request);
        if (reply.isPresent()) {
            if (!reply.get().path("ok").asBoolean()) {
                throw new UsageException("dial: " + reply.get().path("error").asText("the running Deskphone refused"));
            }
            spec.commandLine().getOut().println("Dialling " + normalized);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        return DeskphoneCommand.of(spec).launch(Optional.of(normalized), Optional.ofNullable(account));
    }

    /** tel:+49 30 123 → +4930123; sip: URIs and user@domain as given; refuses anything else. */
    static String normalize(String target) {
        String text = target == null ? "" : target.trim();
        if (text.regionMatches(true, 0, "tel:", 0, 4)) {
            text = text.substring(4);
        }
        if (NUMBER.matcher(text).matches()) {
            return text.replaceAll("[().\\- ]", "");
        }
        if (SIP_URI.matcher(text).matches()) {
            return text;
        }
        throw new UsageException(
                "TARGET: '" + target + "' is not a number or a SIP URI (e.g. 1002, +4930123, sip:1002@pbx.example)");
    }
}
