package dev.deskphone.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.deskphone.profile.AccountDraft;
import dev.deskphone.profile.ProfileDraft;
import dev.deskphone.settings.LaunchSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provisioning file: YAML or JSON (YAML reads both), its keys named as the command-line flags
 * without the dashes. Only its shape is checked here; the values go through the same services, and
 * so the same checks, as {@code profile add}, {@code account add} and {@code settings set}.
 */
record ProvisionFile(List<ProfileEntry> profiles, List<AccountEntry> accounts, Map<LaunchSetting, String> settings) {
    static final int VERSION = 1;
    private static final Set<String> TOP = Set.of("version", "profiles", "accounts", "settings");
    /** The flags of {@code profile add} that describe a profile, without their dashes, and its name. */
    static final Set<String> PROFILE_FIELDS = Set.of(
            "header-auto-answer",
            "codecs",
            "name",
            "server",
            "domain",
            "stun",
            "turn",
            "turn-username",
            "turn-password-file",
            "ca-file",
            "register-expires",
            "ice-timeout-ms",
            "disposition",
            "wrapup-seconds",
            "auto-answer",
            "ice-transport-policy",
            "allow-links",
            "refer",
            "keepalive-seconds",
            "dnd-response",
            "ring-during-wrapup",
            "default");

    private static final Set<String> ACCOUNT_FIELDS =
            Set.of("profile", "extension", "display-name", "auth-username", "password-file");

    /** A profile and where its TURN password is; {@code where} names it in messages ({@code profiles[0]}). */
    record ProfileEntry(String where, ProfileDraft draft, Path turnPasswordFile) {}

    /** An account and its password file. */
    record AccountEntry(String where, AccountDraft draft, Path passwordFile) {}

    static ProvisionFile read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readAllBytes(file));
            root = root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
        } catch (JacksonException e) {
            throw new UsageException("FILE: " + file + " is not valid YAML or JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageException("FILE: cannot read " + file + ": " + e.getMessage());
        }
        Reader reader = new Reader(file);
        reader.fields(root, "the file", TOP);
        if (root.path("version").asInt(-1) != VERSION) {
            throw reader.error("\"version\" must be " + VERSION);
        }
        List<ProfileEntry> profiles = new ArrayList<>();
        List<JsonNode> profileNodes = reader.list(root, "profiles");
        for (int i = 0; i < profileNodes.size(); i++) {
            profiles.add(reader.profile(profileNodes.get(i), "profiles[" + i + "]"));
        }
        List<AccountEntry> accounts = new ArrayList<>();
        List<JsonNode> accountNodes = reader.list(root, "accounts");
        for (int i = 0; i < accountNodes.size(); i++) {
            accounts.add(reader.account(accountNodes.get(i), "accounts[" + i + "]"));
        }
        return new ProvisionFile(profiles, accounts, reader.settings(root.path("settings")));
    }

    /** Reads the nodes, naming the file and the entry in every complaint. */
    private record Reader(Path file) {
        UsageException error(String message) {
            return new UsageException(file + ": " + message);
        }

        void fields(JsonNode node, String where, Set<String> known) {
            if (!node.isObject()) {
                throw error(where + " must be a mapping of names to values");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw error(where + ": unknown field \"" + name + "\" (fields: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        List<JsonNode> list(JsonNode node, String name) {
            JsonNode value = node.path(name);
            if (value.isMissingNode() || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw error("\"" + name + "\" must be a list");
            }
            List<JsonNode> items = new ArrayList<>();
            value.forEach(items::add);
            return items;
        }

        ProfileEntry profile(JsonNode node, String where) {
            fields(node, where, PROFILE_FIELDS);
            String passwordFile = text(node, "turn-password-file", where);
            String caFile = text(node, "ca-file", where);
            ProfileDraft draft = ProfileDraft.builder(
                            text(node, "name", where), text(node, "server", where), text(node, "domain", where))
                    .stun(texts(node, "stun", where))
                    .turn(text(node, "turn", where), text(node, "turn-username", where))
                    .caFile(caFile == null ? null : Path.of(caFile))
                    .registerExpires(integer(node, "register-expires", where))
                    .iceGatheringTimeoutMs(integer(node, "ice-timeout-ms", where))
                    .makeDefault(node.path("default").asBoolean(false))
                    .dispositions(texts(node, "disposition", where))
                    .wrapUpSeconds(integer(node, "wrapup-seconds", where))
                    .autoAnswerSeconds(integer(node, "auto-answer", where))
                    .iceTransportPolicy(text(node, "ice-transport-policy", where))
                    .allowLinks(texts(node, "allow-links", where))
                    .refer(text(node, "refer", where))
                    .keepAliveSeconds(integer(node, "keepalive-seconds", where))
                    .dndResponse(integer(node, "dnd-response", where))
                    .ringDuringWrapUp(onOff(node, "ring-during-wrapup", where))
                    .headerAutoAnswer(onOff(node, "header-auto-answer", where))
                    .codecs(texts(node, "codecs", where))
                    .build();
            return new ProfileEntry(
                    where + (draft.name() == null ? "" : " (" + draft.name() + ")"),
                    draft,
                    passwordFile == null ? null : Path.of(passwordFile));
        }

        AccountEntry account(JsonNode node, String where) {
            fields(node, where, ACCOUNT_FIELDS);
            String passwordFile = text(node, "password-file", where);
            if (passwordFile == null) {
                throw error(where
                        + ": \"password-file\" is missing (passwords are read from files, never kept in this one)");
            }
            AccountDraft draft = new AccountDraft(
                    text(node, "profile", where),
                    text(node, "extension", where),
                    text(node, "display-name", where),
                    text(node, "auth-username", where));
            return new AccountEntry(
                    where + " (" + draft.profile() + "/" + draft.extension() + ")", draft, Path.of(passwordFile));
        }

        Map<LaunchSetting, String> settings(JsonNode node) {
            Map<LaunchSetting, String> settings = new EnumMap<>(LaunchSetting.class);
            if (node.isMissingNode() || node.isNull()) {
                return settings;
            }
            fields(
                    node,
                    "settings",
                    Set.copyOf(Arrays.stream(LaunchSetting.values())
                            .map(LaunchSetting::key)
                            .toList()));
            node.properties()
                    .forEach(e -> settings.put(
                            LaunchSetting.byKey(e.getKey()).orElseThrow(), onOff(node, e.getKey(), "settings")));
            return settings;
        }

        private String text(JsonNode node, String name, String where) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : scalar(value, where + "." + name);
        }

        private String scalar(JsonNode value, String where) {
            if (!value.isValueNode()) {
                throw error(where + " must be a single value");
            }
            return value.asText();
        }

        /** An on/off flag's value; YAML 1.1 reads a bare on/off as true/false, taken back as written. */
        private String onOff(JsonNode node, String name, String where) {
            JsonNode value = node.get(name);
            if (value != null && value.isBoolean()) {
                return value.booleanValue() ? "on" : "off";
            }
            return text(node, name, where);
        }

        private List<String> texts(JsonNode node, String name, String where) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                return List.of(scalar(value, where + "." + name));
            }
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(scalar(item, where + "." + name)));
            return items;
        }

        private Integer integer(JsonNode node, String name, String where) {
            String text = text(node, name, where);
            if (text == null) {
                return null;
            }
            try {
                return Integer.valueOf(text.strip());
            } catch (NumberFormatException e) {
                throw error(where + "." + name + " must be a whole number, got '" + text + "'");
            }
        }
    }
}
