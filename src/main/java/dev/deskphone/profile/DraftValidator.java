package dev.deskphone.profile;

import dev.deskphone.profile.CallHandling.IceTransportPolicy;
import dev.deskphone.profile.StoredConfig.StoredAccount;
import dev.deskphone.profile.StoredConfig.StoredProfile;
import dev.deskphone.profile.StoredConfig.StoredTurn;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Checks typed input, every field at once, before anything is written. */
final class DraftValidator {
    static final int MAX_DISPLAY_NAME = 64;
    static final int MAX_USERNAME = 128;

    /** A checked profile, ready to store once its CA copy has a path. */
    record ValidProfile(StoredProfile profile, CaCertificates ca, String turnPassword) {
        StoredProfile stored(String caRelativePath, boolean isDefault) {
            return profile.stored(caRelativePath, isDefault);
        }

        @Override
        public String toString() {
            return "ValidProfile[" + profile + "]";
        }
    }

    private DraftValidator() {}

    static ValidProfile validate(ProfileDraft draft, char[] turnPassword, Instant now) {
        Validation v = new Validation();
        String name = FieldRules.profileName(draft.name(), Fields.NAME, v);
        URI server = FieldRules.server(draft.server(), v);
        String domain = FieldRules.domain(draft.domain(), v);
        List<URI> stun = FieldRules.stun(draft.stun(), v);
        StoredTurn turn = turn(draft, turnPassword, v);
        CaCertificates ca = caFile(draft, server, now, v);
        int expires = FieldRules.registerExpires(draft.registerExpires(), v);
        int iceTimeout = FieldRules.iceGatheringTimeoutMs(draft.iceGatheringTimeoutMs(), v);
        WrapUpSettings wrapUp = FieldRules.wrapUp(
                draft.dispositions(), draft.wrapUpSeconds(), draft.dndResponse(), draft.ringDuringWrapUp(), v);
        CallHandling calls = FieldRules.callHandling(
                draft.autoAnswerSeconds(),
                draft.iceTransportPolicy(),
                !FieldRules.isMissing(draft.turnUri()),
                draft.headerAutoAnswer(),
                draft.codecs(),
                v);
        CallConsent consent = CallConsent.from(draft.allowLinks(), draft.refer(), v);
        FieldRules.keepAliveSeconds(draft.keepAliveSeconds(), v);
        v.throwIfInvalid();
        StoredProfile profile = new StoredProfile(
                name,
                server.toString(),
                domain.toLowerCase(Locale.ROOT),
                stun.stream().map(URI::toString).toList(),
                turn,
                null,
                expires,
                iceTimeout,
                draft.makeDefault(),
                wrapUp.dispositions(),
                draft.wrapUpSeconds(),
                draft.autoAnswerSeconds(),
                calls.iceTransportPolicy() == IceTransportPolicy.ALL
                        ? null
                        : calls.iceTransportPolicy().wireName(),
                consent.allowLinks(),
                consent.refer() == CallConsent.ReferPolicy.REFUSE
                        ? null
                        : consent.refer().wireName(),
                draft.keepAliveSeconds(),
                calls.headerAutoAnswer() ? Boolean.TRUE : null,
                calls.codecs(),
                draft.dndResponse(),
                // Absent from the file when off (the default), as the other defaults are.
                wrapUp.ringDuringWrapUp() ? "on" : null);
        return new ValidProfile(profile, ca, turn == null ? null : new String(turnPassword));
    }

    static StoredAccount validate(AccountDraft draft, char[] password) {
        Validation v = new Validation();
        String profile = FieldRules.profileName(draft.profile(), Fields.PROFILE, v);
        String extension = FieldRules.extension(draft.extension(), v);
        String displayName = FieldRules.text(draft.displayName(), Fields.DISPLAY_NAME, MAX_DISPLAY_NAME, true, v);
        String authUsername = FieldRules.text(draft.authUsername(), Fields.AUTH_USERNAME, MAX_USERNAME, false, v);
        FieldRules.password(password, Fields.PASSWORD, v);
        v.throwIfInvalid();
        return new StoredAccount(
                profile,
                extension,
                displayName == null ? extension : displayName.strip(),
                authUsername == null ? extension : authUsername);
    }

    private static StoredTurn turn(ProfileDraft draft, char[] turnPassword, Validation v) {
        boolean hasPassword = turnPassword != null && turnPassword.length > 0;
        if (FieldRules.isMissing(draft.turnUri())) {
            if (draft.turnUsername() != null) {
                v.reject(Fields.TURN_USERNAME, "given without a TURN server URI");
            }
            if (hasPassword) {
                v.reject(Fields.TURN_PASSWORD, "given without a TURN server URI");
            }
            return null;
        }
        URI uri = FieldRules.turn(draft.turnUri(), v);
        if (FieldRules.isMissing(draft.turnUsername())) {
            v.reject(Fields.TURN_USERNAME, "a TURN server needs a user name");
        } else {
            FieldRules.text(draft.turnUsername(), Fields.TURN_USERNAME, MAX_USERNAME, false, v);
        }
        if (!hasPassword) {
            v.reject(Fields.TURN_PASSWORD, "a TURN server needs a password");
        } else {
            FieldRules.password(turnPassword, Fields.TURN_PASSWORD, v);
        }
        return uri == null ? null : new StoredTurn(uri.toString(), draft.turnUsername());
    }

    private static CaCertificates caFile(ProfileDraft draft, URI server, Instant now, Validation v) {
        if (draft.caFile() == null) {
            return null;
        }
        if (server != null && !"wss".equalsIgnoreCase(server.getScheme())) {
            v.reject(Fields.CA_FILE, "only applies to wss:// servers (the server is " + server + ")");
            return null;
        }
        try {
            return CaCertificates.read(draft.caFile(), now);
        } catch (ValidationException e) {
            v.reject(e.field(), e.getMessage());
            return null;
        }
    }
}
