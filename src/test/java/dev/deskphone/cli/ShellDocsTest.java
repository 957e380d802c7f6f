package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages and shell completion the package installs, generated from the commands themselves. */
class ShellDocsTest {
    @TempDir
    Path tmp;

    private final ShellDocs docs = new ShellDocs(
            Main.commandLine(new CliEnvironment(Map.of(), Path.of("/nonexistent"), prompt -> Optional.empty())),
            "1.2.3");

    @Test
    void everyCommandHasAPageNamedByItsPath() {
        Map<String, String> pages = docs.manPages();

        assertThat(pages)
                .containsKeys(
                        "deskphone",
                        "deskphone-profile",
                        "deskphone-profile-add",
                        "deskphone-account-add",
                        "deskphone-status",
                        "deskphone-server");
        assertThat(pages.keySet().iterator().next()).isEqualTo("deskphone");
    }

    @Test
    void aPageHasTheManSectionsWithTheOptionsAndExitCodes() {
        String page = docs.manPages().get("deskphone-profile-add");

        assertThat(page)
                .startsWith(".TH \"DESKPHONE\\-PROFILE\\-ADD\" \"1\" \"\" \"Deskphone 1.2.3\" \"Deskphone Manual\"\n"
                        + ".SH NAME\ndeskphone\\-profile\\-add \\- Add a PBX profile (or change one with \\-\\-replace).\n"
                        + ".SH SYNOPSIS\n.nf\ndeskphone profile add ")
                .contains(".TP\n\\fB\\-\\-turn\\-password\\-file\\fR=\\fIFILE\\fR\nFile holding the TURN password")
                .contains(".TP\n\\fB\\-\\-system\\fR\nWrite to the system directory")
                .contains(".SH EXIT STATUS\n.TP\n\\fB0\\fR\ndone\n")
                .contains(".TP\n\\fB" + ExitCodes.REFUSED + "\\fR\n")
                .endsWith(".SH SEE ALSO\n\\fBdeskphone\\-profile\\fR(1)\n");
        assertThat(docs.manPages().get("deskphone"))
                .contains(".SH COMMANDS\n.TP\n\\fBprofile\\fR\n")
                .contains("See \\fBdeskphone\\-profile\\fR(1).");
    }

    @Test
    void textThatTroffWouldReadAsARequestIsGuarded() {
        assertThat(ShellDocs.text(".hidden\n'quoted\nback\\slash")).isEqualTo("\\&.hidden\n\\&'quoted\nback\\eslash");
    }

    @Test
    void completionCoversTheSubcommandsForBashAndZsh() throws Exception {
        docs.writeTo(tmp);

        assertThat(tmp.resolve("bash-completion/deskphone"))
                .content()
                .contains("_complete_deskphone")
                .contains("profile");
        // zsh lacks bash's compopt, which picocli's script calls: without a stand-in every completion prints an error.
        assertThat(tmp.resolve("zsh/_deskphone"))
                .content()
                .startsWith("#compdef deskphone\n")
                .contains("\n(( $+functions[compopt] )) || compopt() { return 0; }\n")
                .endsWith("_bash_complete -F _complete_deskphone\n");
        assertThat(tmp.resolve("man1/deskphone-profile-add.1.gz")).exists();
    }
}
