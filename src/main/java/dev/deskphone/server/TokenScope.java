package dev.deskphone.server;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A token's role and, for an agent token, the accounts whose calls it may record and read.
 *
 * @param role what the token may do
 * @param accounts the agent's accounts, sorted; empty for the other roles
 */
public record TokenScope(TokenRole role, Set<String> accounts) {
    /** Most accounts one agent token may carry; a desktop registers a handful. */
    public static final int MAX_ACCOUNTS = 100;
    /**
     * An account as the desktop reports it: the profile's extension (the same rule the app applies
     * to it), so no comma, which separates accounts where they are stored.
     */
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9+][A-Za-z0-9._+-]{0,63}");

    public TokenScope {
        Objects.requireNonNull(role, "role");
        accounts = Collections.unmodifiableSet(new TreeSet<>(accounts));
        if (role == TokenRole.AGENT && accounts.isEmpty()) {
            throw new IllegalArgumentException("an agent token needs at least one account");
        }
        if (role != TokenRole.AGENT && !accounts.isEmpty()) {
            throw new IllegalArgumentException(
                    "only agent tokens have accounts; a " + role.label() + " token reaches every account");
        }
    }

    public static TokenScope admin() {
        return new TokenScope(TokenRole.ADMIN, Set.of());
    }

    public static TokenScope reporting() {
        return new TokenScope(TokenRole.REPORTING, Set.of());
    }

    /**
     * An agent token for {@code accounts}.
     *
     * @throws IllegalArgumentException naming the first account that breaks the rule
     */
    public static TokenScope agent(Collection<String> accounts) {
        if (accounts.size() > MAX_ACCOUNTS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_ACCOUNTS + " accounts per token, got " + accounts.size());
        }
        for (String account : accounts) {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException(
                        "account '" + account + "' is invalid: an account is the agent's "
                                + "extension, 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter, digit or '+'");
            }
        }
        return new TokenScope(TokenRole.AGENT, new TreeSet<>(accounts));
    }

    /** True if the token may record events of calls of {@code account}. */
    boolean mayWrite(String account) {
        return role == TokenRole.ADMIN || role == TokenRole.AGENT && accounts.contains(account);
    }

    /** True if the token may read calls of {@code account}. */
    boolean mayRead(String account) {
        return role != TokenRole.AGENT || accounts.contains(account);
    }

    /** True if the token may record any event at all. */
    boolean writes() {
        return role != TokenRole.REPORTING;
    }

    /** The accounts a read is limited to, or null when it sees them all. */
    Set<String> readableAccounts() {
        return role == TokenRole.AGENT ? accounts : null;
    }

    /** {@code accounts} as stored in {@code api_tokens.accounts}: comma-separated, or null. */
    String storedAccounts() {
        return accounts.isEmpty() ? null : String.join(",", accounts);
    }

    static TokenScope stored(String role, String accounts) {
        TokenRole parsed = TokenRole.parse(role);
        Set<String> list = accounts == null || accounts.isEmpty() ? Set.of() : Set.of(accounts.split(","));
        return new TokenScope(parsed, list);
    }
}
