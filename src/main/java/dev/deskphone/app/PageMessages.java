package dev.deskphone.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.accounts.AccountStatus;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.bridge.PageMessageHandler;
import java.util.function.Consumer;

/** Routes the page's messages (architecture.md) to the parts of the app that own them. FX thread. */
public final class PageMessages implements PageMessageHandler {
    private final Runnable onReady;
    private final AccountStatusBoard accounts;
    private final Consumer<ObjectNode> settings;
    private final Consumer<ObjectNode> alerts;
    private final PageMessageHandler calls;

    /**
     * {@code calls} takes the call messages ({@code media-request}, {@code call-state}, the SIP
     * sockets' {@code ws-*}, the audio devices' {@code audio-*}).
     */
    public PageMessages(
            Runnable onReady,
            AccountStatusBoard accounts,
            Consumer<ObjectNode> settings,
            Consumer<ObjectNode> alerts,
            PageMessageHandler calls) {
        this.onReady = onReady;
        this.accounts = accounts;
        this.settings = settings;
        this.alerts = alerts;
        this.calls = calls;
    }

    @Override
    public void onMessage(String type, ObjectNode message) {
        switch (type) {
            case "ready" -> onReady.run();
            case "account-state" -> accounts.update(accountStatus(message));
            case "settings" -> settings.accept(message);
            case "alert" -> alerts.accept(message);
            case "media-request",
                    "call-state",
                    "ws-open",
                    "ws-send",
                    "ws-close",
                    "audio-devices-request",
                    "audio-select" -> calls.onMessage(type, message);
            default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
        }
    }

    private static AccountStatus accountStatus(ObjectNode message) {
        String account = message.path("account").asText("");
        String state = message.path("state").asText("");
        if (account.isEmpty() || state.isEmpty()) {
            throw new IllegalArgumentException("account-state needs \"account\" and \"state\"");
        }
        Integer statusCode =
                message.path("statusCode").isInt() ? message.get("statusCode").asInt() : null;
        String reason =
                message.path("reason").isTextual() ? message.get("reason").asText() : null;
        return new AccountStatus(account, state, statusCode, reason, System.currentTimeMillis());
    }
}
