package dev.deskphone.cli;

import dev.deskphone.instance.InstanceRefusedException;
import dev.deskphone.profile.ConfigException;
import dev.deskphone.profile.Fields;
import dev.deskphone.profile.ValidationException;
import dev.deskphone.settings.InvalidSettingException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line, {@code deskphone: <message>}, on stderr, and a named exit
 * code. Messages name the flag at fault; a password typed on the command line is never echoed.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PASSWORD_TAKES_NO_VALUE = "--password takes no value: it asks for the password without"
            + " echo (in scripts use --password-file or " + CliEnvironment.SIP_PASSWORD_ENV + ")";
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        if (passwordValueGiven(ex, args)) {
            return fail(ex.getCommandLine(), PASSWORD_TAKES_NO_VALUE, ExitCodes.USAGE);
        }
        return fail(ex.getCommandLine(), describe(unmatchedFirst(ex)), ExitCodes.USAGE);
    }

    /** A mistyped flag ({@code --sever}) explains the "missing required option" that follows from it. */
    private static ParameterException unmatchedFirst(ParameterException ex) {
        ParseResult parsed = ex.getCommandLine().getParseResult();
        if (ex instanceof MissingParameterException
                && parsed != null
                && !parsed.unmatched().isEmpty()) {
            return new UnmatchedArgumentException(ex.getCommandLine(), parsed.unmatched());
        }
        return ex;
    }

    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            return ex.getMessage() + " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        return ex.getMessage();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        if (ex instanceof ValidationException invalid) {
            return fail(commandLine, withFlag(invalid.field(), invalid.getMessage()), ExitCodes.USAGE);
        }
        if (ex instanceof InvalidSettingException invalid) {
            return fail(commandLine, invalid.getMessage(), ExitCodes.USAGE);
        }
        if (ex instanceof UsageException usage) {
            return fail(commandLine, usage.getMessage(), ExitCodes.USAGE);
        }
        if (ex instanceof InstanceRefusedException refused) {
            return fail(commandLine, refused.getMessage(), ExitCodes.REFUSED);
        }
        if (ex instanceof RunningInstance.NotRunning notRunning) {
            return fail(commandLine, notRunning.getMessage(), ExitCodes.NOT_RUNNING);
        }
        if (ex instanceof CallCommand.CallRefused refused) {
            return fail(commandLine, refused.getMessage(), refused.exitCode);
        }
        if (ex instanceof ConfigException config) {
            return fail(commandLine, config.getMessage(), ExitCodes.CONFIG);
        }
        log.error("Unexpected error in '{}'", commandLine.getCommandSpec().qualifiedName(), ex);
        return fail(commandLine, "unexpected error: " + ex, ExitCodes.SOFTWARE);
    }

    /** Prefixes the message with the flag (or argument) that a validation field stands for. */
    static String withFlag(String field, String message) {
        return switch (field) {
            case Fields.NAME -> "NAME: " + message;
            case Fields.ACCOUNTS -> message;
            case Fields.TURN_PASSWORD -> "--turn-password-file: " + message;
            default -> "--" + field + ": " + message;
        };
    }

    private static int fail(CommandLine commandLine, String message, int exitCode) {
        commandLine.getErr().println("deskphone: " + message);
        commandLine.getErr().flush();
        return exitCode;
    }

    /** True for {@code --password=secret} or {@code --password secret}: the value must not be printed back. */
    private static boolean passwordValueGiven(ParameterException ex, String[] args) {
        List<String> unmatched = ex instanceof UnmatchedArgumentException u ? u.getUnmatched() : List.of();
        for (int i = 0; i < args.length; i++) {
            boolean attached = args[i].startsWith("--password=");
            boolean following = args[i].equals("--password") && i + 1 < args.length && unmatched.contains(args[i + 1]);
            if (attached || following) {
                return true;
            }
        }
        return false;
    }
}
