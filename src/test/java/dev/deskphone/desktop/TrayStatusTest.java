package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.accounts.AccountStatus;
import dev.deskphone.accounts.AccountStatusBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrayStatusTest {
    private static AccountStatus account(String id, String state) {
        return new AccountStatus(id, state, null, null, 0);
    }

    @Test
    void countsRegisteredAccountsForTheTooltipAndTheBadge() {
        TrayStatus some = TrayStatus.of(List.of(
                account("pbx/1001", "registered"), account("pbx/1002", "failed"), account("pbx/1003", "registered")));

        assertThat(some.tooltip()).isEqualTo("Deskphone: registered 2/3");
        assertThat(some.level()).isEqualTo(TrayStatus.Level.SOME_REGISTERED);
        assertThat(TrayStatus.of(List.of(account("pbx/1001", "registered"))).level())
                .isEqualTo(TrayStatus.Level.ALL_REGISTERED);
        assertThat(TrayStatus.of(List.of(account("pbx/1001", "reconnecting"))).level())
                .isEqualTo(TrayStatus.Level.NONE_REGISTERED);
        assertThat(TrayStatus.of(List.of()).tooltip()).isEqualTo("Deskphone: no accounts");
    }

    @Test
    void theBoardTellsTheTrayWhenAnAccountChanges() {
        AccountStatusBoard board = new AccountStatusBoard();
        List<TrayStatus> seen = new java.util.ArrayList<>();
        board.onChange(() -> seen.add(TrayStatus.of(board.snapshot())));

        board.update(account("pbx/1001", "registering"));
        board.update(account("pbx/1001", "registered"));
        board.retainOnly(java.util.Set.of());

        assertThat(seen)
                .extracting(TrayStatus::tooltip)
                .containsExactly("Deskphone: registered 0/1", "Deskphone: registered 1/1", "Deskphone: no accounts");
    }

    @Test
    void theTooltipAndTheCheckboxSayWhetherTheAgentTakesCalls() {
        List<AccountStatus> accounts = List.of(account("pbx/1001", "registered"), account("pbx/1002", "registered"));
        java.util.Map<String, dev.deskphone.accounts.AccountAvailability.State> availability =
                new java.util.LinkedHashMap<>();
        availability.put("pbx/1001", dev.deskphone.accounts.AccountAvailability.State.DND);
        availability.put("pbx/1002", dev.deskphone.accounts.AccountAvailability.State.AVAILABLE);
        TrayStatus some = TrayStatus.of(accounts, availability);
        assertThat(some.tooltip()).isEqualTo("Deskphone: registered 2/2, Do not disturb 1/2");
        assertThat(some.allDnd()).isFalse();

        availability.put("pbx/1002", dev.deskphone.accounts.AccountAvailability.State.DND);
        TrayStatus all = TrayStatus.of(accounts, availability);
        assertThat(all.tooltip()).isEqualTo("Deskphone: registered 2/2, Do not disturb");
        assertThat(all.allDnd()).isTrue();

        availability.put("pbx/1001", dev.deskphone.accounts.AccountAvailability.State.AFTER_CALL_WORK);
        availability.put("pbx/1002", dev.deskphone.accounts.AccountAvailability.State.AVAILABLE);
        assertThat(TrayStatus.of(accounts, availability).tooltip())
                .isEqualTo("Deskphone: registered 2/2, after-call work");
    }
}
