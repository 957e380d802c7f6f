package dev.deskphone.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The Java limits are the contract's: openapi.yaml's maxLengths (the page's test holds web/src/call-event-limits.js to the same file). */
class CallEventLimitsTest {
    static JsonNode openApi() throws Exception {
        try (InputStream in = CallEventLimitsTest.class.getResourceAsStream("/dev/deskphone/server/openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void limitsAreTheMaxLengthsOfOpenApi() throws Exception {
        JsonNode schemas = openApi().path("components").path("schemas");
        JsonNode created = schemas.path("CallCreated").path("properties");
        assertThat(created.path("account").path("maxLength").asInt()).isEqualTo(CallEventLimits.NAME);
        assertThat(created.path("profile").path("maxLength").asInt()).isEqualTo(CallEventLimits.NAME);
        assertThat(created.path("local_uri").path("maxLength").asInt()).isEqualTo(CallEventLimits.URI);
        assertThat(created.path("remote_uri").path("maxLength").asInt()).isEqualTo(CallEventLimits.URI);
        assertThat(created.path("remote_display_name").path("maxLength").asInt())
                .isEqualTo(CallEventLimits.DISPLAY_NAME);
        assertThat(schemas.path("Quality")
                        .path("properties")
                        .path("codec")
                        .path("maxLength")
                        .asInt())
                .isEqualTo(CallEventLimits.CODEC);
        JsonNode ended = schemas.path("CallEnded").path("properties");
        assertThat(ended.path("remote_user_agent").path("maxLength").asInt()).isEqualTo(CallEventLimits.USER_AGENT);
        assertThat(ended.path("remote_reason").path("maxLength").asInt()).isEqualTo(CallEventLimits.REASON_HEADER);
        JsonNode wrapup = openApi()
                .path("paths")
                .path("/internal/calls/{id}/wrapup")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("properties");
        assertThat(wrapup.path("disposition").path("maxLength").asInt()).isEqualTo(CallEventLimits.NAME);
        assertThat(wrapup.path("notes").path("maxLength").asInt()).isEqualTo(CallEventLimits.NOTES);
    }
}
