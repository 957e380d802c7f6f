package dev.deskphone.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AccountCommandsTest {
    private final AccountStatusBoard board = new AccountStatusBoard();
    private final List<Object> sent = new CopyOnWriteArrayList<>();

    @Test
    void registerAllAndUnregisterAllSendOneCommandPerAccountToThePage() {
        board.update(new AccountStatus("pbx/1001", "registered", null, null, 0));
        board.update(new AccountStatus("pbx/1002", "failed", 403, "Forbidden", 0));
        AccountCommands commands = new AccountCommands(board, sent::add);

        commands.registerAll();
        commands.unregisterAll();

        assertThat(sent)
                .containsExactly(
                        Map.of("type", "command", "name", "register", "account", "pbx/1001"),
                        Map.of("type", "command", "name", "register", "account", "pbx/1002"),
                        Map.of("type", "command", "name", "unregister", "account", "pbx/1001"),
                        Map.of("type", "command", "name", "unregister", "account", "pbx/1002"));
    }

    @Test
    void quittingUnregistersTheRegisteredAccountsAndWaitsForThePage() throws Exception {
        board.update(new AccountStatus("pbx/1001", "registered", null, null, 0));
        board.update(new AccountStatus("pbx/1002", "failed", 403, "Forbidden", 0));
        // The page answers an unregister command with the account's new state, a moment later.
        AccountCommands commands = new AccountCommands(board, message -> {
            sent.add(message);
            String account = (String) ((Map<?, ?>) message).get("account");
            new Thread(() -> {
                        sleep(200);
                        board.update(new AccountStatus(account, "unregistered", null, null, 0));
                    })
                    .start();
        });

        assertThat(commands.unregisterAllAndWait(Duration.ofSeconds(5))).isTrue();

        assertThat(sent).containsExactly(Map.of("type", "command", "name", "unregister", "account", "pbx/1001"));
        assertThat(board.snapshot()).noneMatch(a -> a.state().equals("registered"));
    }

    @Test
    void quittingDoesNotWaitForeverForAPbxThatNeverAnswers() throws Exception {
        board.update(new AccountStatus("pbx/1001", "registered", null, null, 0));
        AccountCommands commands = new AccountCommands(board, sent::add);

        long start = System.nanoTime();
        assertThat(commands.unregisterAllAndWait(Duration.ofMillis(300))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
