package dev.deskphone.profile;

import java.nio.file.Path;
import java.util.List;

/**
 * A profile as typed by an admin (command line or settings form), before validation. Null means
 * "not given". The TURN password travels separately, as a {@code char[]}. Put one together with
 * {@link #builder}, whose setters are named as the components below ({@code turn} sets both
 * {@code turnUri} and {@code turnUsername}).
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

    public ProfileDraft {
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
        stun = stun == null ? List.of() : List.copyOf(stun);
        dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
        allowLinks = allowLinks == null ? List.of() : List.copyOf(allowLinks);
    }

    /** A draft of the profile {@code name} at {@code server} for {@code domain}; set the rest on the builder. */
    public static Builder builder(String name, String server, String domain) {
        return new Builder().name(name).server(server).domain(domain);
    }

    /** The minimal draft: name, server and domain; everything else default. */
    public static ProfileDraft of(String name, String server, String domain) {
        return builder(name, server, domain).build();
    }

    /** A builder holding this draft's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This draft, made the default profile of its directory. */
    public ProfileDraft withDefault() {
        return toBuilder().makeDefault(true).build();
    }

    /** This draft, replacing an existing profile of the same name. */
    public ProfileDraft replacing() {
        return toBuilder().replace(true).build();
    }

    /**
     * Builds a draft from named values; whatever is not set is "not given". The one place a draft
     * is put together, so a new profile option is added here and in the record only.
     */
    public static final class Builder {
        private String name;
        private String server;
        private String domain;
        private List<String> stun;
        private String turnUri;
        private String turnUsername;
        private Path caFile;
        private Integer registerExpires;
        private Integer iceGatheringTimeoutMs;
        private boolean makeDefault;
        private boolean replace;
        private List<String> dispositions;
        private Integer wrapUpSeconds;
        private Integer autoAnswerSeconds;
        private String iceTransportPolicy;
        private List<String> allowLinks;
        private String refer;
        private Integer keepAliveSeconds;
        private String headerAutoAnswer;
        private List<String> codecs;
        private Integer dndResponse;
        private String ringDuringWrapUp;

        private Builder() {}

        private Builder(ProfileDraft d) {
            name = d.name;
            server = d.server;
            domain = d.domain;
            stun = d.stun;
            turnUri = d.turnUri;
            turnUsername = d.turnUsername;
            caFile = d.caFile;
            registerExpires = d.registerExpires;
            iceGatheringTimeoutMs = d.iceGatheringTimeoutMs;
            makeDefault = d.makeDefault;
            replace = d.replace;
            dispositions = d.dispositions;
            wrapUpSeconds = d.wrapUpSeconds;
            autoAnswerSeconds = d.autoAnswerSeconds;
            iceTransportPolicy = d.iceTransportPolicy;
            allowLinks = d.allowLinks;
            refer = d.refer;
            keepAliveSeconds = d.keepAliveSeconds;
            headerAutoAnswer = d.headerAutoAnswer;
            codecs = d.codecs;
            dndResponse = d.dndResponse;
            ringDuringWrapUp = d.ringDuringWrapUp;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder server(String value) {
            server = value;
            return this;
        }

        public Builder domain(String value) {
            domain = value;
            return this;
        }

        public Builder stun(List<String> value) {
            stun = value;
            return this;
        }

        /** The TURN relay's URI and user name; its password travels apart. */
        public Builder turn(String uri, String username) {
            turnUri = uri;
            turnUsername = username;
            return this;
        }

        public Builder caFile(Path value) {
            caFile = value;
            return this;
        }

        public Builder registerExpires(Integer value) {
            registerExpires = value;
            return this;
        }

        public Builder iceGatheringTimeoutMs(Integer value) {
            iceGatheringTimeoutMs = value;
            return this;
        }

        public Builder makeDefault(boolean value) {
            makeDefault = value;
            return this;
        }

        public Builder replace(boolean value) {
            replace = value;
            return this;
        }

        public Builder dispositions(List<String> value) {
            dispositions = value;
            return this;
        }

        public Builder wrapUpSeconds(Integer value) {
            wrapUpSeconds = value;
            return this;
        }

        public Builder autoAnswerSeconds(Integer value) {
            autoAnswerSeconds = value;
            return this;
        }

        public Builder iceTransportPolicy(String value) {
            iceTransportPolicy = value;
            return this;
        }

        public Builder allowLinks(List<String> value) {
            allowLinks = value;
            return this;
        }

        public Builder refer(String value) {
            refer = value;
            return this;
        }

        public Builder keepAliveSeconds(Integer value) {
            keepAliveSeconds = value;
            return this;
        }

        public Builder headerAutoAnswer(String value) {
            headerAutoAnswer = value;
            return this;
        }

        public Builder codecs(List<String> value) {
            codecs = value;
            return this;
        }

        public Builder dndResponse(Integer value) {
            dndResponse = value;
            return this;
        }

        public Builder ringDuringWrapUp(String value) {
            ringDuringWrapUp = value;
            return this;
        }

        public ProfileDraft build() {
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
                    dndResponse,
                    ringDuringWrapUp);
        }
    }
}
