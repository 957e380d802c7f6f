package dev.deskphone.cli;

import dev.deskphone.calls.CallLink;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Whether a command line opens the app window, judged from its words alone, before picocli builds the
 * model of every command (the larger part of the command line's start), so that the toolkits can
 * start alongside that (benchmarks.md, "The launcher, the class archive and the window first").
 *
 * <p>Only a guess, and a cautious one: no word may name a command or ask for help or the version, and
 * no word may be a sip:/tel: link, since a clicked link mostly goes to the Deskphone already running.
 * A wrong yes costs a toolkit start the process then drops (a second launch that hands over to the
 * running window); a wrong no, only the head start.
 */
final class WindowLaunch {
    /** picocli's standard help and version options ({@code mixinStandardHelpOptions}). */
    private static final List<String> HELP_AND_VERSION = List.of("-h", "--help", "-V", "--version");

    private WindowLaunch() {}

    static boolean likely(String[] args, Map<String, String> env) {
        if (!env.containsKey("DISPLAY") && !env.containsKey("WAYLAND_DISPLAY")) {
            return false;
        }
        Set<String> commandWords = commandWords();
        for (String arg : args) {
            if (commandWords.contains(arg) || CallLink.parse(arg).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** The subcommands' names and aliases (from their annotations), and help and version. */
    private static Set<String> commandWords() {
        Set<String> words = new HashSet<>(HELP_AND_VERSION);
        for (Class<?> subcommand : DeskphoneCommand.SUBCOMMANDS) {
            Command command = subcommand.getAnnotation(Command.class);
            words.add(command.name());
            words.addAll(List.of(command.aliases()));
        }
        return words;
    }
}
