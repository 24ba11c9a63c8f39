package io.riskwatch.job;

import io.riskwatch.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The main class of the shaded job jar, for a Flink cluster: {@code flink run riskwatch-jobs.jar run --config
 * FILE ...} starts live mode ({@link RunCommand}). Every other command is {@code bin/riskwatch}'s (riskwatch-cli).
 * Unusable arguments or configuration end with exit code 2 and one line naming the problem.
 */
@Command(
        name = "riskwatch-jobs",
        mixinStandardHelpOptions = true,
        version = "riskwatch 0.1.0",
        description = "The riskwatch live job for a Flink cluster.",
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class JobMain {
    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cli = new CommandLine(new JobMain());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                err.println("riskwatch: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        System.exit(args.length == 0 ? usage(cli) : cli.execute(args));
    }

    private static int usage(CommandLine cli) {
        cli.usage(System.out);
        return 2;
    }
}
