package io.hardneg.cli;

import picocli.CommandLine;

/** The version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = HardnegCli.class.getPackage().getImplementationVersion();
        return new String[] {"hardneg " + (v == null ? "(development build)" : v)};
    }
}
