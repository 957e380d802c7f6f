package dev.deskphone.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Java values and ranges are the contract's: openapi.yaml's enums, minimums and maximums. */
class CallEventValuesTest {
    private static Set<String> enumOf(JsonNode property) {
        Set<String> values = new HashSet<>();
        property.path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void valuesAreTheEnumsAndRangesOfOpenApi() throws Exception {
        JsonNode schemas = CallEventLimitsTest.openApi().path("components").path("schemas");
        JsonNode created = schemas.path("CallCreated").path("properties");
        assertThat(enumOf(created.path("direction"))).isEqualTo(CallEventValues.DIRECTIONS);
        JsonNode ended = schemas.path("CallEnded").path("properties");
        assertThat(enumOf(ended.path("reason"))).isEqualTo(CallEventValues.END_REASONS);
        assertThat(enumOf(ended.path("ended_by"))).isEqualTo(CallEventValues.ENDED_BY);
        assertThat(ended.path("sip_status").path("minimum").asInt()).isEqualTo(CallEventValues.SIP_STATUS_MIN);
        assertThat(ended.path("sip_status").path("maximum").asInt()).isEqualTo(CallEventValues.SIP_STATUS_MAX);
        assertThat(enumOf(schemas.path("Transfer").path("properties").path("kind")))
                .isEqualTo(CallEventValues.TRANSFER_KINDS);
        JsonNode quality = schemas.path("Quality").path("properties");
        assertThat(quality.path("packet_loss_pct").path("maximum").asInt()).isEqualTo(CallEventValues.MAX_PERCENT);
        assertThat(quality.path("mos").path("minimum").asInt()).isEqualTo(CallEventValues.MOS_MIN);
        assertThat(quality.path("mos").path("maximum").asInt()).isEqualTo(CallEventValues.MOS_MAX);
    }
}
