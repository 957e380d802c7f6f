package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipSummaryTest {
    @Test
    void namesTheStartLineAndWhichRequestAResponseAnswersAndNothingElse() {
        String ok = "SIP/2.0 200 OK\r\nVia: SIP/2.0/WSS x\r\ncseq:  1 INVITE \r\n"
                + "Authorization: Digest response=\"secret\"\r\n\r\nv=0\r\nCSeq: 9 BYE\r\n";
        assertThat(SipSummary.of(ok)).isEqualTo("SIP/2.0 200 OK (CSeq 1 INVITE)");
        assertThat(SipSummary.of("INVITE sip:1001@pbx.test SIP/2.0\r\nCSeq: 7 INVITE\r\n\r\n"))
                .isEqualTo("INVITE sip:1001@pbx.test SIP/2.0 (CSeq 7 INVITE)");
        assertThat(SipSummary.of("\r\n\r\n")).isEqualTo("(keep-alive)");
        assertThat(SipSummary.of("x".repeat(500))).hasSize(201);
    }
}
