package dev.deskphone.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.calls.DialOrigin;
import dev.deskphone.instance.InstanceClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the command line asks of calls for one launch.
 *
 * @param autoAnswerSeconds {@code --auto-answer[=SECONDS]}: answer incoming calls after this delay
 *     (overrides the profiles' setting), or empty
 * @param dialTarget {@code deskphone dial TARGET}: place this call once the account is registered
 * @param dialAccount {@code --account}: the extension (or {@code profile/extension}) to dial from
 */
public record CallOptions(OptionalInt autoAnswerSeconds, Optional<String> dialTarget, Optional<String> dialAccount) {
    /** The page command for {@code deskphone dial}, if this launch was one. */
    public Optional<Map<String, Object>> initialDial() {
        return dialTarget.map(target -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "command");
            message.put("name", "dial");
            message.put("target", target);
            message.put("origin", DialOrigin.CLI.wireName());
            dialAccount.ifPresent(account -> message.put("account", account));
            return message;
        });
    }

    /** A second launch: hands the dial request to the running instance. */
    void handOver(InstanceClient client, ObjectMapper json, PrintWriter out) throws IOException {
        if (dialTarget.isEmpty()) {
            return;
        }
        ObjectNode request = json.createObjectNode()
                .put("command", "dial")
                .put("target", dialTarget.get())
                .put("origin", DialOrigin.CLI.wireName());
        dialAccount.ifPresent(account -> request.put("account", account));
        client.request(request);
        out.println("Dialling " + dialTarget.get() + " in the running Deskphone.");
    }
}
