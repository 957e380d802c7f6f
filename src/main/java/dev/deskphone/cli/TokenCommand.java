package dev.deskphone.cli;

import dev.deskphone.server.ApiToken;
import dev.deskphone.server.TokenAdmin;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deskphone server token create|list|revoke}: the backend's bearer tokens. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage the bearer tokens clients use to call the backend.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {
    /** The token to revoke does not exist, or the database failed. */
    public static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create, list or revoke");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print it. It is stored hashed: this is the only time it is shown.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Who uses the token, e.g. the host or the team.")
        String name;

        @Mixin
        BackendDatabaseOptions database;

        @Override
        public Integer call() {
            String secret;
            try (TokenAdmin admin = TokenAdmin.open(database.jdbcUrl())) {
                secret = admin.create(name);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "NAME: " + e.getMessage());
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("deskphone server token create: " + e.getMessage());
                return EXIT_FAILED;
            }
            // The secret alone on stdout, so scripts can capture it; the advice goes to stderr.
            spec.commandLine().getOut().println(secret);
            spec.commandLine().getErr().println("Created token '" + name + "'. It is shown only this once: store it now.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (names and dates, never secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BackendDatabaseOptions database;

        @Override
        public Integer call() {
            List<ApiToken> tokens;
            try (TokenAdmin admin = TokenAdmin.open(database.jdbcUrl())) {
                tokens = admin.list();
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("deskphone server token list: " + e.getMessage());
                return EXIT_FAILED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-32s %-20s %s%n", "NAME", "CREATED", "STATUS");
            for (ApiToken token : tokens) {
                out.printf("%-32s %-20s %s%n", token.name(), format(token.createdAt()),
                        token.active() ? "active" : "revoked " + format(token.revokedAt()));
            }
            return 0;
        }

        private static String format(java.time.Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke the active token with this name; requests using it get 401 at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        BackendDatabaseOptions database;

        @Override
        public Integer call() {
            boolean revoked;
            try (TokenAdmin admin = TokenAdmin.open(database.jdbcUrl())) {
                revoked = admin.revoke(name);
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("deskphone server token revoke: " + e.getMessage());
                return EXIT_FAILED;
            }
            if (!revoked) {
                spec.commandLine().getErr().println("deskphone server token revoke: no active token named '" + name + "'");
                return EXIT_FAILED;
            }
            spec.commandLine().getOut().println("Revoked token '" + name + "'.");
            return 0;
        }
    }
}
