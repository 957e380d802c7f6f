package dev.deskphone.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes what the Linux package installs beside the launcher, generated from the command classes so
 * it cannot drift from them: bash and zsh completion (picocli's {@link AutoComplete}) and one man
 * page per command, in troff (man-pages(7) sections NAME, SYNOPSIS, DESCRIPTION, OPTIONS, COMMANDS,
 * EXIT STATUS, SEE ALSO). Run by the installer build: {@code ShellDocs OUT_DIR VERSION}.
 */
public final class ShellDocs {
    private final CommandLine root;
    private final String version;

    ShellDocs(CommandLine root, String version) {
        this.root = root;
        this.version = version;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ShellDocs OUT_DIR VERSION");
        }
        new ShellDocs(Main.commandLine(CliEnvironment.system()), args[1]).writeTo(Path.of(args[0]));
    }

    /** OUT/bash-completion/deskphone, OUT/zsh/_deskphone and OUT/man1/deskphone*.1.gz. */
    void writeTo(Path out) throws IOException {
        Files.createDirectories(out.resolve("bash-completion"));
        Files.createDirectories(out.resolve("zsh"));
        Files.createDirectories(out.resolve("man1"));
        Files.writeString(out.resolve("bash-completion/deskphone"), bashCompletion(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("zsh/_deskphone"), zshCompletion(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> page : manPages().entrySet()) {
            try (OutputStream file = Files.newOutputStream(out.resolve("man1/" + page.getKey() + ".1.gz"));
                    GZIPOutputStream gzip = new GZIPOutputStream(file)) {
                gzip.write(page.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    String bashCompletion() {
        return AutoComplete.bash(root.getCommandName(), root);
    }

    /**
     * The bash script run through zsh's bashcompinit. zsh autoloads {@code _deskphone} as the body of
     * the completion function (the {@code #compdef} line), so the body defines the bash functions and
     * then completes the word at hand with them; picocli's script registers itself for later calls.
     * zsh has no {@code compopt} (bash's completion options, which picocli's script sets for option
     * values): a no-op stands in, so completing prints no error.
     */
    String zshCompletion() {
        return "#compdef " + root.getCommandName() + "\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + "(( $+functions[compopt] )) || compopt() { return 0; }\n"
                + bashCompletion()
                + "\n_bash_complete -F _complete_" + root.getCommandName() + "\n";
    }

    /** Page name (deskphone, deskphone-profile-add, ...) to its troff source, the root command first. */
    Map<String, String> manPages() {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        addPages(root, pages);
        return pages;
    }

    private void addPages(CommandLine command, Map<String, String> pages) {
        pages.put(pageName(command.getCommandSpec()), manPage(command.getCommandSpec()));
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()
                    && sub.getCommandSpec().parent() == command.getCommandSpec()
                    && !pages.containsKey(pageName(sub.getCommandSpec()))) {
                addPages(sub, pages);
            }
        }
    }

    String manPage(CommandSpec spec) {
        String name = pageName(spec);
        StringBuilder page = new StringBuilder();
        page.append(".TH \"")
                .append(text(name.toUpperCase(java.util.Locale.ROOT)))
                .append("\" \"1\" \"\" \"Deskphone ")
                .append(version)
                .append("\" \"Deskphone Manual\"\n");
        String[] description = spec.usageMessage().description();
        page.append(".SH NAME\n")
                .append(text(name))
                .append(" \\- ")
                .append(text(description.length == 0 ? "" : firstLine(description[0])))
                .append('\n');
        page.append(".SH SYNOPSIS\n.nf\n").append(text(plainSynopsis(spec))).append("\n.fi\n");
        if (description.length > 0) {
            page.append(".SH DESCRIPTION\n");
            for (String line : description) {
                page.append(".PP\n").append(text(expand(line))).append('\n');
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream()
                .filter(p -> !p.hidden() && p.description().length > 0)
                .toList();
        List<OptionSpec> options =
                spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!positionals.isEmpty() || !options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (PositionalParamSpec positional : positionals) {
                page.append(".TP\n\\fI")
                        .append(text(positional.paramLabel()))
                        .append("\\fR\n")
                        .append(text(expand(String.join(" ", positional.description()))))
                        .append('\n');
            }
            for (OptionSpec option : options) {
                page.append(".TP\n")
                        .append(optionTerm(option))
                        .append('\n')
                        .append(text(expand(String.join(" ", option.description()))))
                        .append('\n');
            }
        }
        List<CommandSpec> children = spec.subcommands().values().stream()
                .map(CommandLine::getCommandSpec)
                .filter(c -> !c.usageMessage().hidden())
                .distinct()
                .toList();
        if (!children.isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (CommandSpec child : children) {
                String[] childDescription = child.usageMessage().description();
                page.append(".TP\n\\fB")
                        .append(text(child.name()))
                        .append("\\fR\n")
                        .append(text(childDescription.length == 0 ? "" : expand(childDescription[0])))
                        .append(" See \\fB")
                        .append(text(pageName(child)))
                        .append("\\fR(1).\n");
            }
        }
        Map<String, String> exitCodes = root.getCommandSpec().usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            page.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> page.append(".TP\n\\fB")
                    .append(text(code.strip()))
                    .append("\\fR\n")
                    .append(text(meaning))
                    .append('\n'));
        }
        List<String> seeAlso = new ArrayList<>();
        if (spec.parent() != null) {
            seeAlso.add(pageName(spec.parent()));
        }
        children.forEach(child -> seeAlso.add(pageName(child)));
        if (!seeAlso.isEmpty()) {
            page.append(".SH SEE ALSO\n")
                    .append(String.join(
                            ",\n",
                            seeAlso.stream()
                                    .map(see -> "\\fB" + text(see) + "\\fR(1)")
                                    .toList()))
                    .append('\n');
        }
        return page.toString();
    }

    /** deskphone, deskphone-profile, deskphone-profile-add: the qualified name, as git names its pages. */
    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static String plainSynopsis(CommandSpec spec) {
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        return help.synopsis(0).stripTrailing();
    }

    private static String optionTerm(OptionSpec option) {
        StringBuilder term = new StringBuilder();
        for (String name : option.names()) {
            if (term.length() > 0) {
                term.append(", ");
            }
            term.append("\\fB").append(text(name)).append("\\fR");
        }
        if (option.arity().max() > 0 && !option.paramLabel().isEmpty()) {
            term.append("=\\fI").append(text(option.paramLabel())).append("\\fR");
        }
        return term.toString();
    }

    private static String firstLine(String description) {
        return expand(description).lines().findFirst().orElse("");
    }

    /** picocli's format escapes in descriptions: %n is a line break, %% a percent sign. */
    private static String expand(String description) {
        return description.replace("%n", "\n").replace("%%", "%");
    }

    /**
     * Text made safe for troff: backslashes escaped, hyphens literal (so options copy as ASCII), and a
     * line that would start with a control character ('.' or ''') guarded by the zero-width \&.
     */
    static String text(String plain) {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        plain.lines().forEach(line -> {
            String escaped = line.replace("\\", "\\e").replace("-", "\\-");
            writer.print(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped);
            writer.print('\n');
        });
        writer.flush();
        return out.toString().stripTrailing();
    }
}
