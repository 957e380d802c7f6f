package dev.deskphone.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (written by the Maven build). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"Deskphone " + (version == null ? "(development build)" : version)};
    }
}
