package dev.deskphone.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.profile.Account;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import java.io.PrintWriter;
import java.net.URI;

/**
 * The {@code --json} listings. Built field by field from records that hold no secrets, so a
 * password cannot end up here by accident.
 */
final class JsonOutput {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode profile(Profile profile, Configuration configuration) {
        ObjectNode node = json.createObjectNode()
                .put("name", profile.name())
                .put("server", profile.server().toString())
                .put("domain", profile.domain());
        ArrayNode stun = node.putArray("stun");
        profile.stun().stream().map(URI::toString).forEach(stun::add);
        profile.turn()
                .ifPresentOrElse(
                        turn -> node.putObject("turn")
                                .put("uri", turn.uri().toString())
                                .put("username", turn.username()),
                        () -> node.putNull("turn"));
        node.put("caFile", profile.caFile().map(Object::toString).orElse(null))
                .put("registerExpires", profile.registerExpires())
                .put("iceGatheringTimeoutMs", profile.iceGatheringTimeoutMs())
                .put("wrapUpSeconds", profile.wrapUp().seconds())
                .put(
                        "autoAnswerSeconds",
                        profile.calls().autoAnswerSeconds().isPresent()
                                ? profile.calls().autoAnswerSeconds().getAsInt()
                                : null)
                .put("iceTransportPolicy", profile.calls().iceTransportPolicy().wireName())
                .put("keepAliveSeconds", profile.keepAliveSeconds())
                .put("default", configuration.isDefault(profile.name()))
                .put("locked", profile.locked())
                .put("source", profile.locked() ? "system" : "user");
        ArrayNode dispositions = node.putArray("dispositions");
        profile.wrapUp().dispositions().forEach(dispositions::add);
        ArrayNode allowLinks = node.putArray("allowLinks");
        profile.consent().allowLinks().forEach(allowLinks::add);
        node.put("refer", profile.consent().refer().wireName());
        node.put("headerAutoAnswer", profile.calls().headerAutoAnswer());
        ArrayNode codecs = node.putArray("codecs");
        profile.calls().codecs().forEach(codecs::add);
        ArrayNode accounts = node.putArray("accounts");
        configuration.accountsOf(profile.name()).forEach(a -> accounts.add(a.id()));
        return node;
    }

    ObjectNode account(Account account, boolean passwordStored) {
        return json.createObjectNode()
                .put("id", account.id())
                .put("profile", account.profile())
                .put("extension", account.extension())
                .put("displayName", account.displayName())
                .put("authUsername", account.authUsername())
                .put("passwordStored", passwordStored);
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    void print(PrintWriter out, Object node) {
        try {
            out.println(json.writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
