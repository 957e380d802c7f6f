package dev.deskphone.profile;

import java.nio.file.Path;
import java.util.List;

/**
 * A profile as typed by an admin (command line or settings form), before validation. Null means
 * "not given". The TURN password travels separately, as a {@code char[]}.
 *
 * @param caFile      a PEM file anywhere; it is checked and copied into the config directory
 * @param makeDefault make this the default profile of its directory
 * @param replace     replace an existing profile of the same name (its accounts are kept)
 * @param dispositions the wrap-up form's choices (null: none)
 * @param wrapUpSeconds the wrap-up timer (null: the default)
 * @param autoAnswerSeconds answer incoming calls after this delay (null: never)
 * @param iceTransportPolicy {@code all} or {@code relay} (null: all)
 * @param allowLinks  patterns of sip:/tel: links dialled without asking the agent (null: none)
 * @param refer       {@code accept} or {@code refuse} a far end's REFER (null: refuse)
 * @param keepAliveSeconds the SIP connection's keep-alive interval, 0: off (null: the default)
 * @param headerAutoAnswer {@code on} or {@code off}: honour a caller's auto-answer request (null: off)
 * @param codecs      audio codecs in order of preference (null or empty: the engine's order)
 * @param dndResponse what calls refused in Do not disturb or after-call work get: 486, 480 or 603 (null: 486)
 * @param ringDuringWrapUp {@code on}: calls ring while a wrap-up form is open; {@code off} (null): refused
 */
public record ProfileDraft(
        String name,
        String server,
        String domain,
        List<String> stun,
        String turnUri,
        String turnUsername,
        Path caFile,
        Integer registerExpires,
        Integer iceGatheringTimeoutMs,
        boolean makeDefault,
        boolean replace,
        List<String> dispositions,
        Integer wrapUpSeconds,
        Integer autoAnswerSeconds,
        String iceTransportPolicy,
        List<String> allowLinks,
        String refer,
        Integer keepAliveSeconds,
        String headerAutoAnswer,
        List<String> codecs,
        Integer dndResponse,
        String ringDuringWrapUp) {

    /** A draft with the default availability settings. */
    public ProfileDraft(
            String name,
            String server,
            String domain,
            List<String> stun,
            String turnUri,
            String turnUsername,
            Path caFile,
            Integer registerExpires,
            Integer iceGatheringTimeoutMs,
            boolean makeDefault,
            boolean replace,
            List<String> dispositions,
            Integer wrapUpSeconds,
            Integer autoAnswerSeconds,
            String iceTransportPolicy,
            List<String> allowLinks,
            String refer,
            Integer keepAliveSeconds,
            String headerAutoAnswer,
            List<String> codecs) {
        this(
                name,
                server,
                domain,
                stun,
                turnUri,
                turnUsername,
                caFile,
                registerExpires,
                iceGatheringTimeoutMs,
                makeDefault,
                replace,
                dispositions,
                wrapUpSeconds,
                autoAnswerSeconds,
                iceTransportPolicy,
                allowLinks,
                refer,
                keepAliveSeconds,
                headerAutoAnswer,
                codecs,
                null,
                null);
    }

    public ProfileDraft {
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
        stun = stun == null ? List.of() : List.copyOf(stun);
        dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
        allowLinks = allowLinks == null ? List.of() : List.copyOf(allowLinks);
    }

    /** A draft without caller-requested auto-answer and with the engine's codec order. */
    public ProfileDraft(
            String name,
            String server,
            String domain,
            List<String> stun,
            String turnUri,
            String turnUsername,
            Path caFile,
            Integer registerExpires,
            Integer iceGatheringTimeoutMs,
            boolean makeDefault,
            boolean replace,
            List<String> dispositions,
            Integer wrapUpSeconds,
            Integer autoAnswerSeconds,
            String iceTransportPolicy,
            List<String> allowLinks,
            String refer,
            Integer keepAliveSeconds) {
        this(
                name,
                server,
                domain,
                stun,
                turnUri,
                turnUsername,
                caFile,
                registerExpires,
                iceGatheringTimeoutMs,
                makeDefault,
                replace,
                dispositions,
                wrapUpSeconds,
                autoAnswerSeconds,
                iceTransportPolicy,
                allowLinks,
                refer,
                keepAliveSeconds,
                null,
                null);
    }

    /** A draft with the default keep-alive. */
    public ProfileDraft(
            String name,
            String server,
            String domain,
            List<String> stun,
            String turnUri,
            String turnUsername,
            Path caFile,
            Integer registerExpires,
            Integer iceGatheringTimeoutMs,
            boolean makeDefault,
            boolean replace,
            List<String> dispositions,
            Integer wrapUpSeconds,
            Integer autoAnswerSeconds,
            String iceTransportPolicy,
            List<String> allowLinks,
            String refer) {
        this(
                name,
                server,
                domain,
                stun,
                turnUri,
                turnUsername,
                caFile,
                registerExpires,
                iceGatheringTimeoutMs,
                makeDefault,
                replace,
                dispositions,
                wrapUpSeconds,
                autoAnswerSeconds,
                iceTransportPolicy,
                allowLinks,
                refer,
                null);
    }

    /** A draft with the default call consent (links ask, REFER refused). */
    public ProfileDraft(
            String name,
            String server,
            String domain,
            List<String> stun,
            String turnUri,
            String turnUsername,
            Path caFile,
            Integer registerExpires,
            Integer iceGatheringTimeoutMs,
            boolean makeDefault,
            boolean replace,
            List<String> dispositions,
            Integer wrapUpSeconds,
            Integer autoAnswerSeconds,
            String iceTransportPolicy) {
        this(
                name,
                server,
                domain,
                stun,
                turnUri,
                turnUsername,
                caFile,
                registerExpires,
                iceGatheringTimeoutMs,
                makeDefault,
                replace,
                dispositions,
                wrapUpSeconds,
                autoAnswerSeconds,
                iceTransportPolicy,
                null,
                null);
    }

    /** A draft with the default wrap-up. */
    public ProfileDraft(
            String name,
            String server,
            String domain,
            List<String> stun,
            String turnUri,
            String turnUsername,
            Path caFile,
            Integer registerExpires,
            Integer iceGatheringTimeoutMs,
            boolean makeDefault,
            boolean replace) {
        this(
                name,
                server,
                domain,
                stun,
                turnUri,
                turnUsername,
                caFile,
                registerExpires,
                iceGatheringTimeoutMs,
                makeDefault,
                replace,
                List.of(),
                null,
                null,
                null);
    }

    /** This draft, made the default profile of its directory. */
    public ProfileDraft withDefault() {
        return withFlags(true, replace);
    }

    /** This draft, replacing an existing profile of the same name. */
    public ProfileDraft replacing() {
        return withFlags(makeDefault, true);
    }

    /** This draft with the two flags that say how it is stored; the one place that copies it. */
    private ProfileDraft withFlags(boolean asDefault, boolean replaceExisting) {
        return new ProfileDraft(
                name,
                server,
                domain,
                stun,
                turnUri,
                turnUsername,
                caFile,
                registerExpires,
                iceGatheringTimeoutMs,
                asDefault,
                replaceExisting,
                dispositions,
                wrapUpSeconds,
                autoAnswerSeconds,
                iceTransportPolicy,
                allowLinks,
                refer,
                keepAliveSeconds,
                headerAutoAnswer,
                codecs,
                dndResponse,
                ringDuringWrapUp);
    }

    /** The minimal draft: name, server and domain; everything else default. */
    public static ProfileDraft of(String name, String server, String domain) {
        return new ProfileDraft(name, server, domain, List.of(), null, null, null, null, null, false, false);
    }
}
