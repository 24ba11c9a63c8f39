package io.riskwatch.cli;

import io.riskwatch.cli.backtest.BacktestCommand;
import io.riskwatch.cli.bench.BenchCommand;
import io.riskwatch.cli.demo.DemoCommand;
import io.riskwatch.cli.generate.GenerateCommand;
import io.riskwatch.config.ConfigException;
import io.riskwatch.job.RunCommand;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.CaseStore;
import io.riskwatch.sink.redis.ProposalStore;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code bin/riskwatch}: dispatches to the subcommands (the shaded job jar for a cluster has
 * only {@code run}: {@code io.riskwatch.job.JobMain}). Unusable
 * arguments or configuration end with exit code 2 and one line naming the problem.
 */
@Command(
        name = "riskwatch",
        mixinStandardHelpOptions = true,
        version = "riskwatch 0.1.0",
        description = "Real-time risk monitoring of brokerage clients' funds, trading and holdings.",
        subcommands = {
            ReplayCommand.class,
            RunCommand.class,
            RulesCommand.class,
            TopicsCommand.class,
            GenerateCommand.class,
            AlertsCommand.class,
            CasesCommand.class,
            ConsoleCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            BacktestCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Riskwatch {
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line; returns the exit code (tests call this instead of main). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Riskwatch());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            String command = ex.getCommandLine().getCommandName();
            err.println("riskwatch: " + ex.getMessage() + " (see: riskwatch "
                    + (command.equals("riskwatch") ? "" : command + " ") + "--help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException
                    || ex instanceof IllegalArgumentException
                    || ex instanceof AlertStore.RefusedException
                    || ex instanceof CaseStore.ConflictException
                    || ex instanceof CaseStore.NotFoundException
                    || ex instanceof IllegalStateException
                            && String.valueOf(ex.getMessage()).startsWith("cannot connect")) {
                err.println("riskwatch: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof ProposalStore.NotPublishedException) {
                err.println("riskwatch: " + ex.getMessage());
                return 1; // approved, not published: the message says how to retry
            }
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            LoggerFactory.getLogger(Riskwatch.class).error("command failed", ex);
            err.println("riskwatch: failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            return 1;
        });
        if (args.length == 0) {
            cli.usage(out);
            return 2;
        }
        return cli.execute(args);
    }
}
