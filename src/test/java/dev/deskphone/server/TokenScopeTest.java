package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenScopeTest {
    private final Caller agent = new Caller("desk-7", TokenScope.agent(List.of("1002", "1001")));
    private final Caller reporting = new Caller("wallboard", TokenScope.reporting());
    private final Caller admin = new Caller("ops", TokenScope.admin());

    @Test
    void anAgentRecordsAndReadsOnlyItsAccountsNamingTheAccountWhenRefused() {
        agent.checkWrite("1001");
        agent.checkRead("1002");
        assertThatThrownBy(() -> agent.checkWrite("1003"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage(
                        "The token 'desk-7' may not record calls of account '1003'; it may record accounts 1001, 1002.");
        assertThatThrownBy(() -> agent.checkRead("1003"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("may not read calls of account '1003'");
        assertThat(agent.scope().readableAccounts()).containsExactly("1001", "1002");
    }

    @Test
    void reportingReadsEverythingAndWritesNothingAdminDoesEverything() {
        reporting.checkRead("1003");
        assertThat(reporting.scope().readableAccounts()).isNull();
        assertThatThrownBy(reporting::checkMayWrite)
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("'wallboard' has the reporting role");
        assertThatThrownBy(() -> reporting.checkWrite("1001")).isInstanceOf(ForbiddenException.class);
        admin.checkWrite("anything");
        admin.checkRead("anything");
        assertThat(admin.scope().readableAccounts()).isNull();
    }

    @Test
    void accountsAreCheckedAndStoredSortedAndCommaSeparated() {
        assertThatThrownBy(() -> TokenScope.agent(List.of("1001", "a,b"))).hasMessageContaining("'a,b'");
        assertThatThrownBy(() -> TokenScope.agent(List.of(""))).hasMessageContaining("invalid");
        assertThatThrownBy(() -> TokenScope.agent(List.of())).hasMessageContaining("at least one account");
        assertThatThrownBy(() -> TokenScope.agent(
                        IntStream.range(0, 101).mapToObj(Integer::toString).toList()))
                .hasMessageContaining("at most 100");
        TokenScope scope = TokenScope.agent(List.of("+4930", "1001", "sales.desk_2"));
        assertThat(scope.storedAccounts()).isEqualTo("+4930,1001,sales.desk_2");
        assertThat(TokenScope.stored("agent", scope.storedAccounts())).isEqualTo(scope);
        assertThat(TokenScope.stored("admin", null)).isEqualTo(TokenScope.admin());
        assertThatThrownBy(() -> new TokenScope(TokenRole.ADMIN, java.util.Set.of("1001")))
                .hasMessageContaining("only agent tokens have accounts");
    }
}
