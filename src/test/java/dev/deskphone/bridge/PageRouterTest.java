package dev.deskphone.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The table from the page's message types to their handlers, and the doorway in front of it. */
class PageRouterTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> handled = new ArrayList<>();
    private final ListAppender<ILoggingEvent> routerLog = new ListAppender<>();
    private final ListAppender<ILoggingEvent> bridgeLog = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        routerLog.start();
        bridgeLog.start();
        ((Logger) LoggerFactory.getLogger(PageRouter.class)).addAppender(routerLog);
        ((Logger) LoggerFactory.getLogger(PageBridge.class)).addAppender(bridgeLog);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(PageRouter.class)).detachAppender(routerLog);
        ((Logger) LoggerFactory.getLogger(PageBridge.class)).detachAppender(bridgeLog);
    }

    private PageBridge bridge(PageRouter router) {
        return new PageBridge(json, router);
    }

    private JsonNode send(PageBridge bridge, String message) throws Exception {
        return json.readTree(bridge.send(message));
    }

    @Test
    void eachTypeReachesItsHandlersInTheOrderTheyWereRegistered() throws Exception {
        PageRouter router = PageRouter.builder()
                .on("ready", message -> handled.add("first ready"))
                .on(
                        "call-state",
                        message -> handled.add(
                                "call-state " + message.path("callId").asText()))
                .on("ready", (type, message) -> handled.add("second " + type))
                .on(List.of("ws-open", "ws-close"), (type, message) -> handled.add(type))
                .build();
        PageBridge bridge = bridge(router);

        assertThat(send(bridge, "{\"type\":\"ready\"}").path("ok").asBoolean()).isTrue();
        send(bridge, "{\"type\":\"call-state\",\"callId\":\"c-1\"}");
        send(bridge, "{\"type\":\"ws-close\"}");
        send(bridge, "{\"type\":\"ws-open\"}");

        assertThat(handled).containsExactly("first ready", "second ready", "call-state c-1", "ws-close", "ws-open");
        assertThat(router.types()).containsExactly("ready", "call-state", "ws-open", "ws-close");
    }

    @Test
    void anUnknownTypeIsRefusedWithItsNameAndLoggedOncePerType() throws Exception {
        PageBridge bridge = bridge(PageRouter.builder()
                .on("ready", message -> handled.add("ready"))
                .build());

        JsonNode first = send(bridge, "{\"type\":\"surprise\"}");
        JsonNode again = send(bridge, "{\"type\":\"surprise\"}");
        send(bridge, "{\"type\":\"other\"}");

        assertThat(first.path("ok").asBoolean()).isFalse();
        assertThat(first.path("error").asText()).isEqualTo("unknown message type 'surprise'");
        assertThat(again).isEqualTo(first);
        assertThat(routerLog.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "The page sent a message of unknown type 'surprise': refused (logged once per type)",
                        "The page sent a message of unknown type 'other': refused (logged once per type)");
        assertThat(bridgeLog.list).as("not logged a second time by the doorway").isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void aHandlerThatThrowsIsAnsweredAsAnErrorAndTheBridgeGoesOn() throws Exception {
        PageBridge bridge = bridge(PageRouter.builder()
                .on("settings", message -> {
                    throw new IllegalArgumentException("settings: \"values\" must be an object");
                })
                .on("settings", message -> handled.add("after a refusal"))
                .on("call-state", message -> {
                    throw new IllegalStateException("a bug");
                })
                .on("ready", message -> handled.add("ready"))
                .build());

        JsonNode refused = send(bridge, "{\"type\":\"settings\"}");
        JsonNode failed = send(bridge, "{\"type\":\"call-state\"}");
        JsonNode next = send(bridge, "{\"type\":\"ready\"}");

        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).isEqualTo("settings: \"values\" must be an object");
        assertThat(failed.path("ok").asBoolean()).isFalse();
        assertThat(failed.path("error").asText()).isEqualTo("internal error: IllegalStateException");
        assertThat(next.path("ok").asBoolean()).isTrue();
        assertThat(handled)
                .as("a refused message goes no further; the next one is handled")
                .containsExactly("ready");
    }

    @Test
    void aTypeMustBeNamed() {
        assertThatThrownBy(() -> PageRouter.builder().on(" ", message -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
    }

    @Test
    void theTableIsFixedOnceBuilt() {
        PageRouter.Builder builder = PageRouter.builder().on("ready", message -> handled.add("ready"));
        PageRouter router = builder.build();
        builder.on("ready", message -> handled.add("late"));

        router.onMessage("ready", json.createObjectNode());

        assertThat(handled).containsExactly("ready");
    }
}
