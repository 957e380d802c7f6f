package dev.deskphone.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The content of one {@code secrets.json}: SIP passwords keyed {@code profile/extension}, TURN
 * passwords keyed by profile name. {@link #toString()} never shows a value.
 */
record StoredSecrets(int version, Map<String, String> sip, Map<String, String> turn) {
    static final int VERSION = 1;

    StoredSecrets {
        sip = sip == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sip));
        turn = turn == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(turn));
    }

    static StoredSecrets empty() {
        return new StoredSecrets(VERSION, Map.of(), Map.of());
    }

    StoredSecrets withSip(String accountId, String password) {
        Map<String, String> result = new LinkedHashMap<>(sip);
        result.put(accountId, password);
        return new StoredSecrets(VERSION, result, turn);
    }

    StoredSecrets withTurn(String profile, String password) {
        Map<String, String> result = new LinkedHashMap<>(turn);
        if (password == null) {
            result.remove(profile);
        } else {
            result.put(profile, password);
        }
        return new StoredSecrets(VERSION, sip, result);
    }

    /** Drops passwords whose account or profile no longer exists, so removed secrets do not linger. */
    StoredSecrets retainOnly(Set<String> accountIds, Set<String> profileNames) {
        Map<String, String> keptSip = new LinkedHashMap<>(sip);
        keptSip.keySet().retainAll(accountIds);
        Map<String, String> keptTurn = new LinkedHashMap<>(turn);
        keptTurn.keySet().retainAll(profileNames);
        return new StoredSecrets(VERSION, keptSip, keptTurn);
    }

    @Override
    public String toString() {
        return "StoredSecrets[sip=" + sip.keySet() + ", turn=" + turn.keySet() + "]";
    }
}
