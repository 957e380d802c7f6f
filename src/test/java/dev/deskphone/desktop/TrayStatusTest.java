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
}
