package dev.deskphone.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.accounts.AccountAvailability.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountAvailabilityTest {
    private final List<List<String>> persisted = new ArrayList<>();

    private AccountAvailability availability(List<String> remembered) {
        AccountAvailability a = new AccountAvailability(remembered, persisted::add);
        a.configured(List.of("office/1001", "office/1002", "sales/2001"));
        return a;
    }

    @Test
    void doNotDisturbForAllAndForOneByIdOrExtensionIsKeptForTheNextStart() {
        AccountAvailability a = availability(List.of());
        assertThat(a.setDnd(true, Optional.empty())).containsExactly("office/1001", "office/1002", "sales/2001");
        assertThat(persisted.get(persisted.size() - 1)).containsExactly("office/1001", "office/1002", "sales/2001");
        assertThat(a.setDnd(false, Optional.of("1002"))).containsExactly("office/1002");
        assertThat(a.snapshot())
                .containsExactly(
                        Map.entry("office/1001", State.DND),
                        Map.entry("office/1002", State.AVAILABLE),
                        Map.entry("sales/2001", State.DND));
        assertThat(persisted.get(persisted.size() - 1)).containsExactly("office/1001", "sales/2001");

        AccountAvailability restarted = availability(persisted.get(persisted.size() - 1));
        assertThat(restarted.snapshot().get("sales/2001")).isEqualTo(State.DND);
    }

    @Test
    void afterCallWorkLastsWhileTheFormIsOpenAndDoNotDisturbWins() {
        AccountAvailability a = availability(List.of("office/1002"));
        int[] changes = {0};
        a.onChange(() -> changes[0]++);
        a.afterCallWork(List.of("office/1001", "office/1002"));
        assertThat(a.snapshot().get("office/1001")).isEqualTo(State.AFTER_CALL_WORK);
        assertThat(a.snapshot().get("office/1002")).isEqualTo(State.DND);
        a.afterCallWork(List.of("office/1002", "office/1001")); // the same set: no change
        assertThat(changes[0]).isEqualTo(1);
        a.afterCallWork(List.of());
        assertThat(a.snapshot().get("office/1001")).isEqualTo(State.AVAILABLE);
        assertThat(State.AFTER_CALL_WORK.wireName()).isEqualTo("after-call-work");
    }

    @Test
    void anUnknownOrAmbiguousAccountIsNamed() {
        AccountAvailability a = availability(List.of());
        assertThatThrownBy(() -> a.setDnd(true, Optional.of("9999")))
                .hasMessage("account '9999': no such account (configured: office/1001, office/1002, sales/2001)");
        a.configured(List.of("office/1001", "sales/1001"));
        assertThatThrownBy(() -> a.setDnd(true, Optional.of("1001")))
                .hasMessageContaining("account '1001': more than one account has this extension");
        a.configured(List.of());
        assertThatThrownBy(() -> a.setDnd(true, Optional.empty())).hasMessage("no account is configured yet");
        assertThat(persisted).isEmpty();
    }
}
