package dev.deskphone.cli;

import dev.deskphone.server.ApiToken;
import dev.deskphone.server.TokenAdmin;
import dev.deskphone.server.TokenRole;
import dev.deskphone.server.TokenScope;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskphone server token create|list|revoke}: the backend's bearer tokens. */
@Command(
        name = "token",
        description = "Manage the bearer tokens clients use to call the backend.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand extends CommandGroup {

    /** Runs {@code action} on the database, turning "cannot open it" into one line and exit 6. */
    static <T> T withDatabase(CommandSpec spec, BackendDatabaseOptions database, Function<TokenAdmin, T> action) {
        CommandRoot root = CommandRoot.of(spec);
        String url = database.jdbcUrl(root);
        String password = database.password(root);
        TokenAdmin admin;
        try {
            admin = TokenAdmin.open(url, password);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailable("cannot open the backend database: " + rootMessage(e));
        }
        try (admin) {
            return action.apply(admin);
        } catch (IllegalArgumentException e) {
            throw new UsageException("NAME: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? e.getMessage() : cause.getMessage();
    }

    /** Reported by {@link #call(CommandSpec, Callable)}: one line, {@link ExitCodes#UNAVAILABLE}. */
    static final class DatabaseUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseUnavailable(String message) {
            super(message);
        }
    }

    static Integer call(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (DatabaseUnavailable e) {
            spec.commandLine().getErr().println("deskphone: server token: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
    }

    @Command(
            name = "create",
            description = {
                "Create a token and print it. It is stored hashed: this is the only time it is shown.",
                "Say what it may do: --accounts for an agent's desktop, --role reporting to read everything, "
                        + "--role admin for everything."
            })
    static final class Create implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Who uses the token, e.g. a host or a team.")
        private String name;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                description = "admin (record and read every call), reporting (read every call, record nothing) or "
                        + "agent (only the calls of --accounts).")
        private String role;

        @Option(
                names = "--accounts",
                paramLabel = "ACCOUNT[,ACCOUNT...]",
                split = ",",
                description =
                        "An agent token: record and read only the calls of these accounts (the agents' extensions).")
        private List<String> accounts;

        @Mixin
        private BackendDatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            return TokenCommand.call(spec, () -> {
                TokenScope scope = scope();
                String secret = withDatabase(spec, database, admin -> admin.create(name, scope));
                // The secret alone on stdout, so scripts can capture it; the advice goes to stderr.
                spec.commandLine().getOut().println(secret);
                spec.commandLine()
                        .getErr()
                        .println("Created " + describe(scope) + " token '" + name
                                + "'. It is shown only this once: store it now.");
                return ExitCodes.OK;
            });
        }

        /** The scope the flags ask for; no flag at all is refused, so no token gets more than was meant. */
        private TokenScope scope() {
            TokenRole parsed;
            try {
                parsed = role == null ? null : TokenRole.parse(role);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--role: " + e.getMessage());
            }
            if (accounts == null) {
                if (parsed == null) {
                    throw new UsageException("token create: say what the token may do: --accounts ACCOUNT[,ACCOUNT...] "
                            + "(an agent), --role reporting or --role admin");
                }
                if (parsed == TokenRole.AGENT) {
                    throw new UsageException("--role agent needs --accounts ACCOUNT[,ACCOUNT...]");
                }
                return parsed == TokenRole.ADMIN ? TokenScope.admin() : TokenScope.reporting();
            }
            if (parsed != null && parsed != TokenRole.AGENT) {
                throw new UsageException("--accounts: only agent tokens have accounts; a " + parsed.label()
                        + " token reaches every account (drop --role or --accounts)");
            }
            try {
                return TokenScope.agent(accounts);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--accounts: " + e.getMessage());
            }
        }
    }

    static String describe(TokenScope scope) {
        return scope.role() == TokenRole.AGENT
                ? "agent (" + String.join(",", scope.accounts()) + ")"
                : scope.role().label();
    }

    @Command(name = "list", description = "List tokens: names, roles, accounts and dates, never secrets.")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private BackendDatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            return TokenCommand.call(spec, () -> {
                List<ApiToken> tokens = withDatabase(spec, database, TokenAdmin::list);
                TextTable table = new TextTable("NAME", "ROLE", "ACCOUNTS", "CREATED", "STATUS");
                for (ApiToken token : tokens) {
                    TokenScope scope = token.scope();
                    String accounts = scope.accounts().isEmpty() ? "*" : String.join(",", scope.accounts());
                    table.row(
                            token.name(),
                            scope.role().label(),
                            accounts,
                            format(token.createdAt()),
                            token.active() ? "active" : "revoked " + format(token.revokedAt()));
                }
                PrintWriter out = spec.commandLine().getOut();
                table.print(out);
                out.flush();
                return ExitCodes.OK;
            });
        }

        private static String format(Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke the active token with this name: requests using it get 401 at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        private String name;

        @Mixin
        private BackendDatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            return TokenCommand.call(spec, () -> {
                if (!withDatabase(spec, database, admin -> admin.revoke(name))) {
                    throw new UsageException(
                            "NAME: no active token named '" + name + "' (see 'deskphone server token list')");
                }
                spec.commandLine().getOut().println("Revoked token '" + name + "'.");
                return ExitCodes.OK;
            });
        }
    }
}
