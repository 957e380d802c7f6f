package dev.deskphone.sip;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What one SIP socket carried that Java needs to leave the PBX on the page's behalf when the page
 * can no longer run (the display went away): the last REGISTER the page sent and whether it stands,
 * the last digest challenge to it, and the confirmed INVITE dialogs (RFC 3261 §12). From these it
 * builds the un-REGISTER (§10.2.2) and the BYEs (§15.1.1). Thread-safe: frames come from the page
 * (FX thread) and the socket (its listener thread).
 */
final class SipTrail {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A confirmed dialog, as the BYE that ends it needs it (§12.2.1.1). */
    record Dialog(String callId, String from, String to, String remoteTarget, List<String> routes, long localCseq) {}

    private SipMessage register;
    private boolean registered;
    private Digest.Challenge challenge;
    private String challengeHeader;
    private int nonceCount;
    private final Map<String, SipMessage> invitesSent = new LinkedHashMap<>();
    private final Map<String, SipMessage> invitesReceived = new LinkedHashMap<>();
    private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
    private final Map<String, Long> cseqSent = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<SipMessage>> awaited = new LinkedHashMap<>();

    /** A frame the page sent. */
    synchronized void sent(String text) {
        SipMessage.parse(text).ifPresent(this::sent);
    }

    /** A frame the PBX sent. */
    void received(String text) {
        SipMessage.parse(text).ifPresent(this::received);
    }

    private synchronized void sent(SipMessage m) {
        String callId = m.callId();
        if (!m.isResponse()) {
            cseqSent.merge(callId, m.cseq(), Math::max);
            dialogs.computeIfPresent(callId, (k, d) -> withCseq(d, cseqSent.get(callId)));
            switch (m.method()) {
                case "REGISTER" -> {
                    register = m;
                    m.header("authorization")
                            .or(() -> m.header("proxy-authorization"))
                            .flatMap(a -> Digest.Challenge.parse(a))
                            .filter(a -> challenge != null && challenge.nonce().equals(a.nonce()))
                            .map(a -> a.params().getOrDefault("nc", "0"))
                            .ifPresent(nc -> nonceCount = Math.max(nonceCount, parseHex(nc)));
                }
                case "INVITE" -> invitesSent.put(callId, m);
                case "BYE" -> forget(callId);
                default -> {}
            }
            return;
        }
        // The page answers an INVITE: a 2xx confirms the dialog, the From of the INVITE is the far end.
        if ("INVITE".equals(m.cseqMethod()) && m.status() >= 200 && m.status() < 300) {
            SipMessage invite = invitesReceived.remove(callId);
            if (invite != null) {
                dialogs.put(
                        callId,
                        new Dialog(
                                callId,
                                m.header("to").orElse(""),
                                invite.header("from").orElse(""),
                                invite.header("contact").map(SipMessage::uri).orElse(""),
                                invite.all("record-route"),
                                cseqSent.getOrDefault(callId, 0L)));
            }
        } else if ("INVITE".equals(m.cseqMethod()) && m.status() >= 300) {
            invitesReceived.remove(callId);
        }
    }

    private synchronized void received(SipMessage m) {
        String callId = m.callId();
        if (!m.isResponse()) {
            switch (m.method()) {
                case "INVITE" -> {
                    if (!dialogs.containsKey(callId)) {
                        invitesReceived.put(callId, m);
                    }
                }
                case "BYE", "CANCEL" -> forget(callId);
                default -> {}
            }
            return;
        }
        CompletableFuture<SipMessage> waiting = awaited.get(callId + " " + m.cseq() + " " + m.cseqMethod());
        if (waiting != null && m.status() >= 200) {
            waiting.complete(m);
        }
        if ("REGISTER".equals(m.cseqMethod()) && register != null && m.cseq() == register.cseq()) {
            if (m.status() == 401 || m.status() == 407) {
                String name = m.status() == 401 ? "www-authenticate" : "proxy-authenticate";
                m.each(name).stream()
                        .map(Digest.Challenge::parse)
                        .flatMap(Optional::stream)
                        .filter(Digest::supported)
                        .findFirst()
                        .ifPresent(c -> {
                            challenge = c;
                            challengeHeader = m.status() == 401 ? "Authorization" : "Proxy-Authorization";
                            nonceCount = 0;
                        });
            } else if (m.status() >= 200 && m.status() < 300) {
                registered = !isUnregister(register);
            }
        }
        if ("INVITE".equals(m.cseqMethod()) && m.status() >= 200 && m.status() < 300) {
            SipMessage invite = invitesSent.remove(callId);
            Dialog existing = dialogs.get(callId);
            if (invite != null && existing != null) {
                // A re-INVITE's answer may move the far end (its Contact); the route set stays (§12.2.1.2).
                dialogs.put(
                        callId,
                        new Dialog(
                                callId,
                                existing.from(),
                                existing.to(),
                                m.header("contact").map(SipMessage::uri).orElse(existing.remoteTarget()),
                                existing.routes(),
                                cseqSent.getOrDefault(callId, invite.cseq())));
            } else if (invite != null) {
                List<String> routes = new ArrayList<>(m.all("record-route"));
                java.util.Collections.reverse(routes);
                dialogs.put(
                        callId,
                        new Dialog(
                                callId,
                                invite.header("from").orElse(""),
                                m.header("to").orElse(""),
                                m.header("contact").map(SipMessage::uri).orElse(""),
                                List.copyOf(routes),
                                cseqSent.getOrDefault(callId, invite.cseq())));
            }
        } else if ("INVITE".equals(m.cseqMethod()) && m.status() >= 300) {
            invitesSent.remove(callId);
        }
    }

    private void forget(String callId) {
        dialogs.remove(callId);
        invitesSent.remove(callId);
        invitesReceived.remove(callId);
        cseqSent.remove(callId);
    }

    private static Dialog withCseq(Dialog d, long cseq) {
        return new Dialog(d.callId(), d.from(), d.to(), d.remoteTarget(), d.routes(), Math.max(d.localCseq(), cseq));
    }

    /** Whether the page's last REGISTER was answered with a 2xx and asked for a binding (not a removal). */
    synchronized boolean registered() {
        return registered;
    }

    /** The Authorization username of the page's last REGISTER, else the user part of its To URI. */
    synchronized Optional<String> username() {
        if (register == null) {
            return Optional.empty();
        }
        return register.header("authorization")
                .or(() -> register.header("proxy-authorization"))
                .flatMap(Digest.Challenge::parse)
                .map(c -> c.params().get("username"))
                .or(() -> register.header("to").map(SipMessage::uri).map(SipTrail::userOf));
    }

    /** The user part of the page's last REGISTER's To URI (the extension). */
    synchronized Optional<String> extension() {
        return register == null
                ? Optional.empty()
                : register.header("to").map(SipMessage::uri).map(SipTrail::userOf);
    }

    /**
     * The REGISTER that removes the page's binding (§10.2.2): its last REGISTER again with the same
     * Call-ID, CSeq one higher (§10.2.4), a new Via branch, its Contact with expires=0 and Expires: 0,
     * and a digest answer to {@code challenge} (the last one seen, or a fresh one) when there is one and
     * the password is known.
     */
    synchronized Optional<SipMessage> unregister(Optional<String> password, Optional<SipMessage> freshChallenge) {
        if (register == null) {
            return Optional.empty();
        }
        long cseq = Math.max(register.cseq(), cseqSent.getOrDefault(register.callId(), 0L)) + 1;
        cseqSent.put(register.callId(), cseq);
        SipMessage m = register.without("authorization")
                .without("proxy-authorization")
                .with("Via", newBranch(register.header("via").orElse("")))
                .with("CSeq", cseq + " REGISTER")
                .with("Expires", "0");
        List<String> contacts = register.all("contact");
        if (!contacts.isEmpty()) {
            m = m.with(
                    "Contact",
                    String.join(
                            ", ",
                            contacts.stream()
                                    .map(c -> SipMessage.withParam(c, "expires", "0"))
                                    .toList()));
        }
        m = new SipMessage(m.startLine(), m.headers(), "");
        if (freshChallenge.isPresent()) {
            SipMessage r = freshChallenge.get();
            String name = r.status() == 401 ? "www-authenticate" : "proxy-authenticate";
            Optional<Digest.Challenge> c = r.each(name).stream()
                    .map(Digest.Challenge::parse)
                    .flatMap(Optional::stream)
                    .filter(Digest::supported)
                    .findFirst();
            if (c.isPresent()) {
                challenge = c.get();
                challengeHeader = r.status() == 401 ? "Authorization" : "Proxy-Authorization";
                nonceCount = 0;
            }
        }
        if (challenge != null && password.isPresent() && username().isPresent()) {
            nonceCount++;
            m = m.with(
                    challengeHeader,
                    Digest.authorization(
                            challenge,
                            username().get(),
                            password.get(),
                            "REGISTER",
                            register.requestUri(),
                            randomHex(8),
                            nonceCount));
        }
        return Optional.of(m);
    }

    /** One BYE per confirmed dialog (§15.1.1, loose routing: Request-URI the remote target, Route the route set). */
    synchronized List<SipMessage> byes() {
        String via = register != null
                ? register.header("via").orElse("")
                : invitesSent.values().stream()
                        .findFirst()
                        .flatMap(i -> i.header("via"))
                        .orElse("");
        List<SipMessage> out = new ArrayList<>();
        for (Dialog d : dialogs.values()) {
            if (d.remoteTarget().isEmpty() || via.isEmpty()) {
                continue;
            }
            List<SipMessage.Header> headers = new ArrayList<>();
            headers.add(new SipMessage.Header("Via", newBranch(via)));
            headers.add(new SipMessage.Header("Max-Forwards", "70"));
            for (String route : d.routes()) {
                headers.add(new SipMessage.Header("Route", route));
            }
            headers.add(new SipMessage.Header("From", d.from()));
            headers.add(new SipMessage.Header("To", d.to()));
            headers.add(new SipMessage.Header("Call-ID", d.callId()));
            headers.add(new SipMessage.Header("CSeq", (d.localCseq() + 1) + " BYE"));
            headers.add(new SipMessage.Header("Reason", "SIP;cause=480;text=\"Display lost\""));
            out.add(new SipMessage("BYE " + d.remoteTarget() + " SIP/2.0", headers, ""));
        }
        return out;
    }

    /** Completes with the final response to {@code request} when one arrives on this socket. */
    synchronized CompletableFuture<SipMessage> awaitFinal(SipMessage request) {
        return awaited.computeIfAbsent(
                request.callId() + " " + request.cseq() + " " + request.method(), k -> new CompletableFuture<>());
    }

    private static boolean isUnregister(SipMessage register) {
        List<String> contacts = register.all("contact");
        if (contacts.stream().anyMatch(c -> c.strip().equals("*"))) {
            return true;
        }
        boolean headerZero = register.header("expires")
                .map(String::strip)
                .filter("0"::equals)
                .isPresent();
        return !contacts.isEmpty()
                && contacts.stream()
                        .allMatch(c -> SipMessage.param(c, "expires")
                                .map(e -> e.equals("0"))
                                .orElse(headerZero));
    }

    private static String newBranch(String via) {
        // RFC 3261 §8.1.1.7: a new transaction's branch starts with the magic cookie.
        return SipMessage.withParam(via, "branch", "z9hG4bK" + randomHex(10));
    }

    private static String userOf(String uri) {
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        return colon >= 0 && at > colon ? uri.substring(colon + 1, at) : "";
    }

    private static int parseHex(String value) {
        try {
            return Integer.parseInt(value.strip(), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
