package dev.deskphone.cli;

import picocli.CommandLine;

/** Process entry point: the `deskphone` command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exitCode = new CommandLine(new DeskphoneCommand()).execute(args);
        System.exit(exitCode);
    }
}
