package dev.deskphone.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebKitStartTest {
    @Test
    void webKitsHttpLoaderIsTurnedOffUnlessTheUserChose() {
        assertThat(WebKitStart.http2LoaderSetting(name -> null)).contains("false");
        assertThat(WebKitStart.http2LoaderSetting(Map.of(WebKitStart.HTTP2_LOADER_PROPERTY, "true")::get))
                .isEqualTo(Optional.empty());
    }

    @Test
    void theSwitchIsTheOneOpenJfxReads() throws Exception {
        // NetworkContext reads it in its static initialiser: the name must be in that class's constants.
        Class<?> networkContext = Class.forName(
                "com.sun.webkit.network.NetworkContext", false, getClass().getClassLoader());
        try (InputStream in = networkContext.getResourceAsStream("NetworkContext.class")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
                    .contains(WebKitStart.HTTP2_LOADER_PROPERTY);
        }
    }
}
