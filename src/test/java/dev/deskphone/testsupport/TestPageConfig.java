package dev.deskphone.testsupport;

import java.util.List;
import java.util.Map;

/** The page's {@code config} message for tests of the WebView: one account, on a PBX that is not there. */
public final class TestPageConfig {
    private TestPageConfig() {}

    /** Account {@code pbx/100n}: its card appears once the page has applied it. */
    public static Map<String, Object> oneAccount(int n) {
        return oneAccount(n, "secret");
    }

    /** Account {@code pbx/100n} with this SIP password. */
    public static Map<String, Object> oneAccount(int n, String password) {
        return Map.of(
                "type",
                "config",
                "maxAccounts",
                6,
                "profiles",
                List.of(),
                "accounts",
                List.of(Map.of(
                        "id",
                        "pbx/100" + n,
                        "profile",
                        "pbx",
                        "extension",
                        "100" + n,
                        "displayName",
                        "Agent 100" + n,
                        "authUsername",
                        "100" + n,
                        "password",
                        password,
                        "server",
                        "ws://127.0.0.1:9",
                        "domain",
                        "pbx.test",
                        "registerExpires",
                        600,
                        "iceServers",
                        List.of())));
    }
}
