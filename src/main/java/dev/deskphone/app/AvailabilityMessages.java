package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.accounts.AccountAvailability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The page's side of availability (bridge-protocol.md, "Availability"): the window's Do not disturb
 * control ({@code availability-set}), the accounts in after-call work ({@code after-call-work}), and
 * the {@code availability} message sent to the page at {@code ready} and after every change, whoever
 * made it (window, tray, {@code deskphone dnd}).
 */
final class AvailabilityMessages {
    private final AccountAvailability availability;
    private final ObjectMapper json;
    private final Consumer<ObjectNode> toPage;

    AvailabilityMessages(AccountAvailability availability, ObjectMapper json, Consumer<ObjectNode> toPage) {
        this.availability = availability;
        this.json = json;
        this.toPage = toPage;
        availability.onChange(() -> toPage.accept(message()));
    }

    /** The page's {@code availability-set}: Do not disturb on or off, for one account or all. */
    void availabilitySet(ObjectNode message) {
        JsonNode dnd = message.path("dnd");
        if (!dnd.isBoolean()) {
            throw new IllegalArgumentException("availability-set: \"dnd\" must be true or false");
        }
        JsonNode account = message.path("account");
        availability.setDnd(dnd.asBoolean(), account.isTextual() ? Optional.of(account.asText()) : Optional.empty());
    }

    /** The page's {@code after-call-work}: the accounts whose wrap-up form is open. */
    void afterCallWork(ObjectNode message) {
        List<String> accounts = new ArrayList<>();
        message.path("accounts").forEach(a -> accounts.add(a.asText()));
        availability.afterCallWork(accounts);
    }

    /** A (re)loaded page gets the availability it shows. */
    void pageReady() {
        toPage.accept(message());
    }

    /** {@code {"type":"availability","dnd":[ids],"accounts":{id: state}}}. */
    ObjectNode message() {
        ObjectNode node = json.createObjectNode().put("type", "availability");
        node.set("dnd", json.valueToTree(availability.dnd()));
        node.set("accounts", states(json, availability));
        return node;
    }

    /** Every configured account's availability by id, as the page and {@code deskphone status} read it. */
    static ObjectNode states(ObjectMapper json, AccountAvailability availability) {
        ObjectNode states = json.createObjectNode();
        availability.snapshot().forEach((account, state) -> states.put(account, state.wireName()));
        return states;
    }
}
