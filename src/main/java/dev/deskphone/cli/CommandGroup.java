package dev.deskphone.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code deskphone account}, {@code server token}, ...):
 * run without one, it names the subcommands it has, from its own spec, and points to its help.
 */
abstract class CommandGroup implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public final void run() {
        // As typed after the program's name: "account", "server token".
        String name = spec.qualifiedName().substring(spec.root().name().length() + 1);
        throw new ParameterException(
                spec.commandLine(),
                name + ": missing subcommand ("
                        + either(new ArrayList<>(spec.subcommands().keySet())) + "; see '" + spec.qualifiedName()
                        + " --help')");
    }

    /** [add, list, remove] → "add, list or remove". */
    private static String either(List<String> names) {
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }
}
