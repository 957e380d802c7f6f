package dev.deskphone.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live registration state of every account, written from the page, read by IPC and the tray. */
public final class AccountStatusBoard {
    private static final Logger log = LoggerFactory.getLogger(AccountStatusBoard.class);

    private final Map<String, AccountStatus> byAccount = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called (on the updating thread) after any account's state changed or an account went away. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The page's {@code account-state} message: one account's registration state, now. */
    public void pageReported(JsonNode message) {
        String account = message.path("account").asText("");
        String state = message.path("state").asText("");
        if (account.isEmpty() || state.isEmpty()) {
            throw new IllegalArgumentException("account-state needs \"account\" and \"state\"");
        }
        Integer statusCode =
                message.path("statusCode").isInt() ? message.get("statusCode").asInt() : null;
        String reason =
                message.path("reason").isTextual() ? message.get("reason").asText() : null;
        update(new AccountStatus(account, state, statusCode, reason, System.currentTimeMillis()));
    }

    public void update(AccountStatus status) {
        AccountStatus previous = byAccount.put(status.account(), status);
        listeners.forEach(Runnable::run);
        if (previous == null || !previous.state().equals(status.state())) {
            if (status.statusCode() != null) {
                log.info(
                        "Account {} is {} ({} {})",
                        status.account(),
                        status.state(),
                        status.statusCode(),
                        status.reason());
            } else {
                log.info("Account {} is {}", status.account(), status.state());
            }
        }
    }

    /** Forget accounts that are no longer configured. */
    public void retainOnly(java.util.Set<String> accounts) {
        if (byAccount.keySet().retainAll(accounts)) {
            listeners.forEach(Runnable::run);
        }
    }

    public List<AccountStatus> snapshot() {
        return byAccount.values().stream()
                .sorted(java.util.Comparator.comparing(AccountStatus::account))
                .toList();
    }
}
