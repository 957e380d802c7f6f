package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallLinkTest {
    @Test
    void sipSipsAndTelLinksAreAcceptedWithTheSchemeInLowerCase() {
        assertThat(CallLink.parse("sip:1001@pbx.example.com"))
                .map(CallLink::uri)
                .contains("sip:1001@pbx.example.com");
        assertThat(CallLink.parse("SIPS:agent@pbx;transport=ws"))
                .map(CallLink::uri)
                .contains("sips:agent@pbx;transport=ws");
        assertThat(CallLink.parse("tel:+1-201-555-0123")).map(CallLink::uri).contains("tel:+1-201-555-0123");
    }

    @Test
    void slashesSomeBrowsersAddAreDropped() {
        assertThat(CallLink.parse("sip://1001@pbx")).map(CallLink::uri).contains("sip:1001@pbx");
    }

    @Test
    void otherSchemesEmptyTargetsAndControlCharactersAreRefused() {
        assertThat(CallLink.parse("http://example.com")).isEmpty();
        assertThat(CallLink.parse("sip:")).isEmpty();
        assertThat(CallLink.parse("tel: ")).isEmpty();
        assertThat(CallLink.parse("1001")).isEmpty();
        assertThat(CallLink.parse("sip:1001@pbx\nINVITE")).isEmpty();
        assertThat(CallLink.parse("sip:" + "1".repeat(5000))).isEmpty();
        assertThat(CallLink.parse(null)).isEmpty();
        assertThatThrownBy(() -> new CallLink("mailto:x@example.com")).isInstanceOf(IllegalArgumentException.class);
    }
}
