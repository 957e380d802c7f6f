package dev.deskphone.profile;

import java.util.Map;
import java.util.Optional;

/**
 * SIP and TURN passwords read from {@code secrets.json}. Never printed: {@link #toString()} only
 * counts entries.
 */
public final class Secrets {
    private final Map<String, String> sipPasswords;
    private final Map<String, String> userTurnPasswords;
    private final Map<String, String> systemTurnPasswords;

    Secrets(
            Map<String, String> sipPasswords,
            Map<String, String> userTurnPasswords,
            Map<String, String> systemTurnPasswords) {
        this.sipPasswords = Map.copyOf(sipPasswords);
        this.userTurnPasswords = Map.copyOf(userTurnPasswords);
        this.systemTurnPasswords = Map.copyOf(systemTurnPasswords);
    }

    public Optional<String> sipPassword(Account account) {
        return Optional.ofNullable(sipPasswords.get(account.id()));
    }

    /** A locked profile's TURN password comes only from the system directory, never from the user's. */
    public Optional<String> turnPassword(Profile profile) {
        Map<String, String> source = profile.locked() ? systemTurnPasswords : userTurnPasswords;
        return Optional.ofNullable(source.get(profile.name()));
    }

    @Override
    public String toString() {
        return "Secrets[" + sipPasswords.size() + " SIP, " + (userTurnPasswords.size() + systemTurnPasswords.size())
                + " TURN passwords]";
    }
}
