package dev.deskphone.cli;

import picocli.CommandLine.Command;

/** The root `deskphone` command. */
@Command(name = "deskphone", mixinStandardHelpOptions = true, version = "Deskphone 0.1.0",
        description = "Desktop softphone for call-center agents.")
public final class DeskphoneCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Deskphone");
    }
}
