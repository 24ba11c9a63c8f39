package io.riskwatch.testing;

import io.riskwatch.cli.Riskwatch;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code bin/riskwatch} command line run in this JVM, as the CLI tests run it: exit code and both outputs. */
public record CliRun(int code, String out, String err) {
    public static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
