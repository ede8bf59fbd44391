package dev.llmops.cli;

import picocli.CommandLine;

/**
 * Reports the version from the jar manifest.
 *
 * <p>Immutable and thread-safe.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"llmops " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
