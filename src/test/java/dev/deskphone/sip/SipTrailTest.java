package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The un-REGISTER and the BYEs Java builds from the frames the page's SIP.js sent and received. */
class SipTrailTest {
    private static final String CONTACT =
            "<sip:k3j9@7a2b3c.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:1234>\";expires=600";

    private final SipTrail trail = new SipTrail();

    private static String register(int cseq, String authorization) {
        return "REGISTER sip:pbx.test SIP/2.0\r\n"
                + "Via: SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bK" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:1001@pbx.test>\r\n"
                + "From: \"Agent\" <sip:1001@pbx.test>;tag=fromtag\r\n"
                + "Call-ID: reg-call\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Contact: " + CONTACT + "\r\n"
                + "Expires: 600\r\n"
                + "Supported: path, gruu, outbound\r\n"
                + "User-Agent: Deskphone\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String response(String status, int cseq, String method, String extra) {
        return "SIP/2.0 " + status + "\r\n"
                + "Via: SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bK" + cseq + "\r\n"
                + "To: <sip:1001@pbx.test>;tag=totag\r\n"
                + "From: \"Agent\" <sip:1001@pbx.test>;tag=fromtag\r\n"
                + "Call-ID: reg-call\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private static final String CHALLENGE =
            "WWW-Authenticate: Digest realm=\"pbx.test\", nonce=\"n1\", qop=\"auth\", algorithm=MD5\r\n";

    /** The page registers as SIP.js does: unauthenticated, challenged, again with credentials, accepted. */
    private void registered() {
        trail.sent(register(1, null));
        trail.received(response("401 Unauthorized", 1, "REGISTER", CHALLENGE));
        trail.sent(register(
                2,
                "Digest algorithm=MD5, username=\"1001\", realm=\"pbx.test\", nonce=\"n1\", uri=\"sip:pbx.test\","
                        + " response=\"x\", qop=auth, cnonce=\"c\", nc=00000001"));
        trail.received(response("200 OK", 2, "REGISTER", "Contact: " + CONTACT + "\r\n"));
    }

    @Test
    void theUnregisterRemovesOnlyOurContactAndAnswersTheLastChallengeWithTheNextCount() {
        registered();
        assertThat(trail.registered()).isTrue();

        SipMessage m = trail.unregister(Optional.of("secret"), Optional.empty()).orElseThrow();

        assertThat(m.startLine()).isEqualTo("REGISTER sip:pbx.test SIP/2.0");
        assertThat(m.callId())
                .as("same Call-ID as the registration (RFC 3261 §10.2.4)")
                .isEqualTo("reg-call");
        assertThat(m.header("cseq")).contains("3 REGISTER");
        assertThat(m.header("expires")).contains("0");
        assertThat(m.header("contact"))
                .contains("<sip:k3j9@7a2b3c.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:1234>\""
                        + ";expires=0");
        assertThat(m.header("via").orElseThrow())
                .startsWith("SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bK")
                .isNotEqualTo("SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bK2");
        assertThat(m.header("user-agent")).contains("Deskphone");
        Digest.Challenge sent =
                Digest.Challenge.parse(m.header("authorization").orElseThrow()).orElseThrow();
        assertThat(sent.params())
                .containsEntry("username", "1001")
                .containsEntry("realm", "pbx.test")
                .containsEntry("nonce", "n1")
                .containsEntry("uri", "sip:pbx.test")
                .containsEntry("nc", "00000002");
        Digest.Challenge challenge = Digest.Challenge.parse(CHALLENGE.substring(CHALLENGE.indexOf(':') + 1))
                .orElseThrow();
        assertThat(sent.params().get("response"))
                .isEqualTo(Digest.response(
                        challenge,
                        "1001",
                        "secret",
                        "REGISTER",
                        "sip:pbx.test",
                        sent.params().get("cnonce"),
                        "00000002"));
        assertThat(m.text()).endsWith("Content-Length: 0\r\n\r\n").doesNotContain("expires=600", "Expires: 600");
    }

    @Test
    void aFreshChallengeIsAnsweredWithItsNonceFromOneAndTheNextCSeq() {
        registered();
        SipMessage first =
                trail.unregister(Optional.of("secret"), Optional.empty()).orElseThrow();
        SipMessage stale = SipMessage.parse(response(
                        "401 Unauthorized",
                        3,
                        "REGISTER",
                        "WWW-Authenticate: Digest realm=\"pbx.test\", nonce=\"n2\", qop=\"auth\", stale=true\r\n"))
                .orElseThrow();

        SipMessage second =
                trail.unregister(Optional.of("secret"), Optional.of(stale)).orElseThrow();

        assertThat(first.cseq()).isEqualTo(3);
        assertThat(second.cseq()).isEqualTo(4);
        assertThat(Digest.Challenge.parse(second.header("authorization").orElseThrow())
                        .orElseThrow()
                        .params())
                .containsEntry("nonce", "n2")
                .containsEntry("nc", "00000001");
    }

    @Test
    void withoutAPasswordTheUnregisterGoesWithoutCredentials() {
        registered();

        SipMessage m = trail.unregister(Optional.empty(), Optional.empty()).orElseThrow();

        assertThat(m.header("authorization")).isEmpty();
    }

    @Test
    void anAccountThePageUnregisteredIsNotRegistered() {
        registered();
        trail.sent(register(3, null).replace("expires=600", "expires=0").replace("Expires: 600", "Expires: 0"));
        trail.received(response("200 OK", 3, "REGISTER", ""));

        assertThat(trail.registered()).isFalse();
    }

    @Test
    void theRegistrarsAnswerCompletesTheWait() {
        registered();
        SipMessage m = trail.unregister(Optional.of("secret"), Optional.empty()).orElseThrow();
        CompletableFuture<SipMessage> answer = trail.awaitFinal(m);

        trail.received(response("100 Trying", 3, "REGISTER", ""));
        assertThat(answer).isNotDone();
        trail.received(response("200 OK", 3, "REGISTER", ""));

        assertThat(answer).isCompletedWithValueMatching(r -> r.status() == 200);
        assertThat(trail.username()).contains("1001");
        assertThat(trail.extension()).contains("1001");
    }

    @Test
    void aCallThePageMadeAndTheFarEndAnsweredGetsABye() {
        registered();
        String invite = "INVITE sip:1002@pbx.test SIP/2.0\r\n"
                + "Via: SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bKinv\r\n"
                + "To: <sip:1002@pbx.test>\r\n"
                + "From: \"Agent\" <sip:1001@pbx.test>;tag=mine\r\n"
                + "Call-ID: out-call\r\n"
                + "CSeq: %d INVITE\r\n"
                + "Contact: <sip:k3j9@7a2b3c.invalid;transport=ws;ob>\r\n"
                + "Content-Length: 0\r\n\r\n";
        trail.sent(invite.formatted(1));
        trail.received("SIP/2.0 407 Proxy Authentication Required\r\nCall-ID: out-call\r\nCSeq: 1 INVITE\r\n\r\n");
        trail.sent(invite.formatted(2));
        trail.received(
                "SIP/2.0 180 Ringing\r\nCall-ID: out-call\r\nCSeq: 2 INVITE\r\nTo: <sip:1002@pbx.test>;tag=t\r\n\r\n");
        trail.received("SIP/2.0 200 OK\r\n"
                + "Record-Route: <sip:10.0.0.1:5060;r2=on;lr>, <sip:10.0.0.1:8080;transport=ws;r2=on;lr>\r\n"
                + "To: <sip:1002@pbx.test>;tag=theirs\r\n"
                + "From: \"Agent\" <sip:1001@pbx.test>;tag=mine\r\n"
                + "Call-ID: out-call\r\n"
                + "CSeq: 2 INVITE\r\n"
                + "Contact: <sip:1002@192.0.2.9:5060;transport=udp>\r\n\r\n");
        trail.sent("ACK sip:1002@192.0.2.9:5060;transport=udp SIP/2.0\r\nCall-ID: out-call\r\nCSeq: 2 ACK\r\n\r\n");

        List<SipMessage> byes = trail.byes();

        assertThat(byes).hasSize(1);
        SipMessage bye = byes.get(0);
        assertThat(bye.startLine()).isEqualTo("BYE sip:1002@192.0.2.9:5060;transport=udp SIP/2.0");
        assertThat(bye.all("route"))
                .as("the route set is the 2xx's Record-Route reversed (RFC 3261 §12.1.2)")
                .containsExactly("<sip:10.0.0.1:8080;transport=ws;r2=on;lr>", "<sip:10.0.0.1:5060;r2=on;lr>");
        assertThat(bye.header("from")).contains("\"Agent\" <sip:1001@pbx.test>;tag=mine");
        assertThat(bye.header("to")).contains("<sip:1002@pbx.test>;tag=theirs");
        assertThat(bye.header("cseq")).contains("3 BYE");
        assertThat(bye.header("via").orElseThrow()).startsWith("SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bK");
    }

    @Test
    void aReInviteKeepsTheRouteSetAndRaisesTheCSeq() {
        registered();
        String invite = "INVITE %s SIP/2.0\r\n"
                + "Via: SIP/2.0/WSS 7a2b3c.invalid;branch=z9hG4bKinv%d\r\n"
                + "To: <sip:1002@pbx.test>%s\r\n"
                + "From: <sip:1001@pbx.test>;tag=mine\r\n"
                + "Call-ID: out-call\r\n"
                + "CSeq: %d INVITE\r\n\r\n";
        trail.sent(invite.formatted("sip:1002@pbx.test", 1, "", 1));
        trail.received("SIP/2.0 200 OK\r\n"
                + "Record-Route: <sip:10.0.0.1;lr>\r\n"
                + "To: <sip:1002@pbx.test>;tag=theirs\r\n"
                + "Call-ID: out-call\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:1002@192.0.2.9>\r\n\r\n");
        // An ICE restart: the page re-INVITEs in the dialog; the answer carries no Record-Route.
        trail.sent(invite.formatted("sip:1002@192.0.2.9", 2, ";tag=theirs", 5));
        trail.received("SIP/2.0 200 OK\r\n"
                + "To: <sip:1002@pbx.test>;tag=theirs\r\n"
                + "Call-ID: out-call\r\n"
                + "CSeq: 5 INVITE\r\n"
                + "Contact: <sip:1002@192.0.2.10>\r\n\r\n");

        SipMessage bye = trail.byes().get(0);

        assertThat(bye.startLine()).isEqualTo("BYE sip:1002@192.0.2.10 SIP/2.0");
        assertThat(bye.all("route")).containsExactly("<sip:10.0.0.1;lr>");
        assertThat(bye.header("cseq")).contains("6 BYE");
    }

    @Test
    void aCallThePageAnsweredGetsAByeUntilItEnds() {
        registered();
        trail.received("INVITE sip:k3j9@7a2b3c.invalid;transport=ws SIP/2.0\r\n"
                + "Record-Route: <sip:10.0.0.1:8080;transport=ws;r2=on;lr>\r\n"
                + "Record-Route: <sip:10.0.0.1:5060;r2=on;lr>\r\n"
                + "From: \"Caller\" <sip:1002@pbx.test>;tag=theirs\r\n"
                + "To: <sip:1001@pbx.test>\r\n"
                + "Call-ID: in-call\r\n"
                + "CSeq: 7 INVITE\r\n"
                + "Contact: <sip:1002@192.0.2.9:5060>\r\n\r\n");
        assertThat(trail.byes()).as("ringing, not confirmed").isEmpty();
        trail.sent("SIP/2.0 200 OK\r\n"
                + "To: <sip:1001@pbx.test>;tag=mine\r\n"
                + "From: \"Caller\" <sip:1002@pbx.test>;tag=theirs\r\n"
                + "Call-ID: in-call\r\n"
                + "CSeq: 7 INVITE\r\n\r\n");

        SipMessage bye = trail.byes().get(0);

        assertThat(bye.startLine()).isEqualTo("BYE sip:1002@192.0.2.9:5060 SIP/2.0");
        assertThat(bye.all("route"))
                .containsExactly("<sip:10.0.0.1:8080;transport=ws;r2=on;lr>", "<sip:10.0.0.1:5060;r2=on;lr>");
        assertThat(bye.header("from")).contains("<sip:1001@pbx.test>;tag=mine");
        assertThat(bye.header("to")).contains("\"Caller\" <sip:1002@pbx.test>;tag=theirs");
        assertThat(bye.header("cseq")).as("our first request in the dialog").contains("1 BYE");

        trail.received("BYE sip:k3j9@7a2b3c.invalid;transport=ws SIP/2.0\r\nCall-ID: in-call\r\nCSeq: 8 BYE\r\n\r\n");
        assertThat(trail.byes()).as("the far end hung up").isEmpty();
    }

    @Test
    void parsingKeepsQuotedCommasAndCompactNames() {
        SipMessage m = SipMessage.parse("SIP/2.0 401 Unauthorized\r\ni: abc\r\nl: 0\r\n"
                        + "WWW-Authenticate: Digest realm=\"a,b\", nonce=\"n\"\r\n\r\n")
                .orElseThrow();

        assertThat(m.callId()).isEqualTo("abc");
        assertThat(m.status()).isEqualTo(401);
        assertThat(Digest.Challenge.parse(m.header("www-authenticate").orElseThrow())
                        .orElseThrow()
                        .realm())
                .isEqualTo("a,b");
        assertThat(SipMessage.parse("not sip")).isEmpty();
    }
}
