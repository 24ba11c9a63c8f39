package io.riskwatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.cli.Riskwatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code riskwatch demo} end to end, briefly: embedded Kafka and Redis start, the generated market is fed live, the
 * job raises alerts into Redis (planted large transfers among them), the console is served, and everything stops by
 * itself with exit code 0.
 */
class DemoCommandITCase {
    @Test
    void theDemoFeedsALiveMarketRaisesAlertsAndStopsCleanly() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {
                    "demo",
                    "--run-for",
                    "45s",
                    "--rate",
                    "1000",
                    "--clients",
                    "300",
                    "--symbols",
                    "20",
                    "--days",
                    "1",
                    "--port",
                    "0"
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true));

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("sign in as").contains("risk    / risk-demo");
        Matcher stopped = Pattern.compile("demo: stopped\\. ([0-9,]+) events fed, ([0-9,]+) alerts stored \\{(.*)}")
                .matcher(out.toString());
        assertThat(stopped.find()).as(out.toString()).isTrue();
        assertThat(Long.parseLong(stopped.group(1).replace(",", ""))).isPositive();
        assertThat(Long.parseLong(stopped.group(2).replace(",", ""))).isPositive();
        // every planted case, the exchanges' rules with their short windows included: the feed keeps the
        // generated times
        assertThat(stopped.group(3))
                .contains(
                        "LARGE_TRANSFER=",
                        "ORDER_RATE=1",
                        "SPOOFING=1",
                        "RAMPING=1",
                        "LIMIT_HOLDING=1",
                        "SELF_TRADE=1",
                        "HOLDING_TURNING_POINT=");
    }
}
