package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.profile.AccountDraft;
import dev.deskphone.profile.ConfigException;
import dev.deskphone.profile.ConfigScope;
import dev.deskphone.profile.Fields;
import dev.deskphone.profile.ProfileDraft;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.profile.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings form's requests ({@code settings} messages): the same {@link ProfileService}, and so
 * the same validation and locking rules, as the command line. The form's values are named after the
 * CLI flags in camelCase ({@code turn-username} is {@code turnUsername}), and errors come back under
 * the same names, so each lands next to its field. Runs off the FX thread.
 */
final class SettingsRequests {
    private static final Logger log = LoggerFactory.getLogger(SettingsRequests.class);

    /** What to do after a change: answer the form, and push the new configuration to the page. */
    interface Replies {
        void result(Map<String, Object> settingsResult);

        void configurationChanged();
    }

    private final ProfileService profiles;
    private final Executor background;
    private final Replies replies;

    SettingsRequests(ProfileService profiles, Executor background, Replies replies) {
        this.profiles = profiles;
        this.background = background;
        this.replies = replies;
    }

    void handle(ObjectNode message) {
        String requestId = message.path("requestId").asText("");
        String action = message.path("action").asText("");
        JsonNode values = message.path("values");
        if (!values.isObject()) {
            throw new IllegalArgumentException("settings: \"values\" must be an object");
        }
        Runnable change = switch (action) {
            case "add-profile" -> () -> addProfile(values);
            case "add-account" -> () -> addAccount(values);
            case "remove-account" ->
                () -> profiles.removeAccount(text(values, Fields.PROFILE), text(values, Fields.EXTENSION));
            default -> throw new IllegalArgumentException("settings: unknown action '" + action + "'");
        };
        background.execute(() -> apply(requestId, action, change));
    }

    private void apply(String requestId, String action, Runnable change) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", "settings-result");
        result.put("requestId", requestId);
        try {
            change.run();
            result.put("ok", true);
            log.info("Settings: {} done", action);
            replies.result(result);
            replies.configurationChanged();
        } catch (ValidationException e) {
            result.put("ok", false);
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach((field, text) -> errors.put(pageName(field), text));
            result.put("errors", errors);
            replies.result(result);
        } catch (ConfigException e) {
            log.error("Settings: {} failed: {}", action, e.getMessage());
            result.put("ok", false);
            result.put("errors", Map.of("_form", e.getMessage()));
            replies.result(result);
        }
    }

    private void addProfile(JsonNode values) {
        String caFile = text(values, Fields.CA_FILE);
        ProfileDraft draft = ProfileDraft.builder(
                        text(values, Fields.NAME), text(values, Fields.SERVER), text(values, Fields.DOMAIN))
                .stun(list(values.path(pageName(Fields.STUN))))
                .turn(text(values, Fields.TURN), text(values, Fields.TURN_USERNAME))
                .caFile(caFile == null ? null : Path.of(caFile))
                .registerExpires(integer(values, Fields.REGISTER_EXPIRES))
                .iceGatheringTimeoutMs(integer(values, Fields.ICE_TIMEOUT_MS))
                .makeDefault(values.path(pageName(Fields.DEFAULT)).asBoolean(false))
                .autoAnswerSeconds(integer(values, Fields.AUTO_ANSWER))
                .iceTransportPolicy(text(values, Fields.ICE_TRANSPORT_POLICY))
                .build();
        char[] turnPassword = chars(values, Fields.TURN_PASSWORD);
        try {
            profiles.addProfile(draft, turnPassword, ConfigScope.USER);
        } finally {
            wipe(turnPassword);
        }
    }

    private void addAccount(JsonNode values) {
        AccountDraft draft = new AccountDraft(
                text(values, Fields.PROFILE),
                text(values, Fields.EXTENSION),
                text(values, Fields.DISPLAY_NAME),
                text(values, Fields.AUTH_USERNAME));
        char[] password = chars(values, Fields.PASSWORD);
        if (password == null) {
            throw new ValidationException(Fields.PASSWORD, "enter the account's SIP password");
        }
        try {
            profiles.addAccount(draft, password);
        } finally {
            wipe(password);
        }
    }

    /** A CLI field name as the page names it: {@code display-name} → {@code displayName}. */
    static String pageName(String field) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : field.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    /** A trimmed string, or null when absent or blank (the service applies its defaults). */
    private static String text(JsonNode values, String field) {
        JsonNode value = values.path(pageName(field));
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static Integer integer(JsonNode values, String field) {
        String text = text(values, field);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "must be a whole number (got '" + text + "')");
        }
    }

    /** STUN servers: an array, or one string with several separated by commas, spaces or new lines. */
    private static List<String> list(JsonNode value) {
        List<String> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> items.add(item.asText().trim()));
        } else if (value.isTextual()) {
            items.addAll(Arrays.asList(value.asText().split("[,\\s]+")));
        }
        items.removeIf(String::isBlank);
        return items;
    }

    private static char[] chars(JsonNode values, String field) {
        JsonNode value = values.path(pageName(field));
        return value.isTextual() && !value.asText().isEmpty() ? value.asText().toCharArray() : null;
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
