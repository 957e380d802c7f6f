package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The digest answers against the RFCs' own examples. */
class DigestTest {
    /** RFC 2617 §3.5: MD5, qop=auth. */
    @Test
    void answersRfc2617sExample() {
        Digest.Challenge challenge = Digest.Challenge.parse(
                        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\","
                                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")
                .orElseThrow();

        assertThat(Digest.response(
                        challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b", "00000001"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    /** RFC 7616 §3.9.1, the example RFC 8760 brings to SIP: SHA-256 and MD5 for the same challenge. */
    @Test
    void answersRfc7616sExampleWithSha256AndMd5() {
        String params = " realm=\"http-auth@example.org\", qop=\"auth, auth-int\","
                + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        Digest.Challenge sha256 =
                Digest.Challenge.parse("Digest algorithm=SHA-256," + params).orElseThrow();
        Digest.Challenge md5 =
                Digest.Challenge.parse("Digest algorithm=MD5," + params).orElseThrow();

        assertThat(Digest.response(sha256, "Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce, "00000001"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(Digest.response(md5, "Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce, "00000001"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void theAuthorizationCarriesWhatTheRegistrarChecks() {
        Digest.Challenge challenge = Digest.Challenge.parse(
                        "Digest realm=\"pbx.test\", nonce=\"abc\", qop=\"auth\", opaque=\"xyz\", algorithm=MD5")
                .orElseThrow();

        String authorization =
                Digest.authorization(challenge, "1001", "secret", "REGISTER", "sip:pbx.test", "c0ffee", 2);

        assertThat(authorization)
                .startsWith(
                        "Digest username=\"1001\", realm=\"pbx.test\", nonce=\"abc\", uri=\"sip:pbx.test\", response=\""
                                + Digest.response(
                                        challenge, "1001", "secret", "REGISTER", "sip:pbx.test", "c0ffee", "00000002")
                                + "\"")
                .contains("opaque=\"xyz\"", "qop=auth", "nc=00000002", "cnonce=\"c0ffee\"");
    }

    /** RFC 2069's form, without qop: the response is H(HA1:nonce:HA2). */
    @Test
    void withoutQopTheResponseHasNoCounter() {
        Digest.Challenge challenge =
                Digest.Challenge.parse("Digest realm=\"r\", nonce=\"n\"").orElseThrow();

        assertThat(Digest.authorization(challenge, "u", "p", "REGISTER", "sip:r", "c", 1))
                .doesNotContain("nc=", "cnonce", "qop");
    }

    @Test
    void unknownAlgorithmsAndOtherSchemesAreNotAnswered() {
        assertThat(Digest.supported(Digest.Challenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5")
                        .orElseThrow()))
                .isFalse();
        assertThat(Digest.Challenge.parse("Basic realm=\"r\"")).isEmpty();
    }
}
