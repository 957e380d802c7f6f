package dev.deskphone.accounts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Register all" / "Unregister all" for the tray, and the unregistration before a real quit: each is
 * a {@code command} message per account to the page, which owns the user agents.
 */
public final class AccountCommands {
    private static final Logger log = LoggerFactory.getLogger(AccountCommands.class);

    private final AccountStatusBoard accounts;
    private final Consumer<Object> toPage;

    public AccountCommands(AccountStatusBoard accounts, Consumer<Object> toPage) {
        this.accounts = accounts;
        this.toPage = toPage;
    }

    public void registerAll() {
        sendToAll("register");
    }

    public void unregisterAll() {
        sendToAll("unregister");
    }

    /**
     * Unregisters every registered account and waits (on the calling thread: never the FX thread)
     * until none is registered or the time is up, so the PBX stops routing calls to a closed app.
     */
    public boolean unregisterAllAndWait(Duration timeout) throws InterruptedException {
        List<String> registered = registeredAccounts();
        registered.forEach(account -> toPage.accept(command("unregister", account)));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!registeredAccounts().isEmpty()) {
            if (System.nanoTime() > deadline) {
                log.warn(
                        "Quitting with accounts still registered after {} ms: {}",
                        timeout.toMillis(),
                        registeredAccounts());
                return false;
            }
            Thread.sleep(50);
        }
        if (!registered.isEmpty()) {
            log.info("Unregistered {} before quitting", registered);
        }
        return true;
    }

    private List<String> registeredAccounts() {
        return accounts.snapshot().stream()
                .filter(a -> "registered".equals(a.state()))
                .map(AccountStatus::account)
                .toList();
    }

    private void sendToAll(String name) {
        accounts.snapshot().forEach(a -> toPage.accept(command(name, a.account())));
    }

    private static Map<String, String> command(String name, String account) {
        return Map.of("type", "command", "name", name, "account", account);
    }
}
