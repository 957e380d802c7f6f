package dev.deskphone.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.profile.CallConsent.ReferPolicy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallConsentTest {
    @Test
    void nothingGivenMeansTheAgentConfirmsEveryLinkAndReferIsRefused() {
        assertThat(valid(null, null)).isEqualTo(CallConsent.DEFAULT);
        assertThat(CallConsent.DEFAULT.allowLinks()).isEmpty();
        assertThat(CallConsent.DEFAULT.refer()).isEqualTo(ReferPolicy.REFUSE);
    }

    @Test
    void hostsNumbersPrefixesAndEverythingAreKeptLowerCaseOnceEach() {
        CallConsent consent = valid(
                List.of(" CRM.Example.com ", "*.example.org", "+4930*", "1002", "*", "crm.example.com"), "ACCEPT");

        assertThat(consent.allowLinks()).containsExactly("crm.example.com", "*.example.org", "+4930*", "1002", "*");
        assertThat(consent.refer()).isEqualTo(ReferPolicy.ACCEPT);
        assertThat(valid(List.of(), "refuse").refer()).isEqualTo(ReferPolicy.REFUSE);
    }

    @Test
    void patternsThatAreNoHostOrNumberAreRefusedNamingTheFieldAndValue() {
        for (String bad : List.of(
                "sip:1002@pbx",
                "https://crm.example.com",
                "+49*30",
                "**",
                "crm.*.com",
                "",
                "a b",
                "1".repeat(33) + "*")) {
            assertThatThrownBy(() -> valid(List.of(bad), null))
                    .as(bad)
                    .isInstanceOf(ValidationException.class)
                    .satisfies(
                            e -> assertThat(((ValidationException) e).field()).isEqualTo(Fields.ALLOW_LINKS))
                    .hasMessageContaining("(got '" + bad + "')");
        }
    }

    @Test
    void atMostFiftyPatterns() {
        assertThat(valid(Collections.nCopies(CallConsent.MAX_ALLOW_LINKS, "1002"), null)
                        .allowLinks())
                .hasSize(1);
        assertThatThrownBy(() -> valid(Collections.nCopies(CallConsent.MAX_ALLOW_LINKS + 1, "1002"), null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most 50 patterns (got 51)");
    }

    @Test
    void anUnknownReferPolicyIsRefusedNamingTheField() {
        assertThatThrownBy(() -> valid(null, "follow"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(Fields.REFER))
                .hasMessageContaining("must be 'accept' or 'refuse' (got 'follow')");
    }

    private static CallConsent valid(List<String> allowLinks, String refer) {
        Validation v = new Validation();
        CallConsent consent = CallConsent.from(allowLinks, refer, v);
        v.throwIfInvalid();
        return consent;
    }
}
