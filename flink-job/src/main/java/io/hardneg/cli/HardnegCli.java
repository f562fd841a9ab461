package io.hardneg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hardneg} command line. */
@Command(
        name = "hardneg",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming hard-negative mining for contrastive learning on market data.",
        subcommands = {
            DemoCommand.class,
            BackfillCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            TopicsCommand.class,
            ModelCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HardnegCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** The command line with hardneg's error handling: one clear line, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HardnegCli());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("hardneg: " + Errors.describe(e));
                    if (System.getenv("HARDNEG_DEBUG") != null) {
                        e.printStackTrace(commandLine.getErr());
                    } else {
                        commandLine.getErr().println("(set HARDNEG_DEBUG=1 for the stack trace)");
                    }
                    return 1;
                });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
