package io.riskwatch.cli.backtest;

import static io.riskwatch.cli.backtest.BacktestComparison.BASELINE;
import static io.riskwatch.cli.backtest.BacktestComparison.BOTH;
import static io.riskwatch.cli.backtest.BacktestComparison.CANDIDATE;

import io.riskwatch.alert.Alert;
import io.riskwatch.console.Html;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backtest report for the risk team, as Markdown and as one self-contained HTML page (inline CSS and SVG
 * charts, nothing fetched): what changed in the rules file, alerts per rule for both versions and per trading
 * day, and a sample of the alerts only one version raises with their evidence and metrics. The same run gives
 * the same report, byte for byte (no clock in it), so reports can be diffed and checked in.
 */
public final class BacktestReport {
    /** Alerts shown per rule and side; the rest are in the alerts files. */
    static final int SAMPLE = 3;

    /** What the report says about the run itself. */
    /** @param input what was read, e.g. {@code 4 file(s)} or a Kafka range */
    public record Run(
            String input,
            long read,
            long processed,
            long deadLettered,
            boolean balanced,
            String baselineFile,
            String baselineVersion,
            String candidateFile,
            String candidateVersion) {}

    /** The baseline version's measured quality of one rule, from the outcomes officers recorded. */
    public record Quality(long confirmed, long falsePositive) {
        /** "0.667 (2/3)", or "-" when nothing was judged. */
        String text() {
            long judged = confirmed + falsePositive;
            return judged == 0
                    ? "-"
                    : BigDecimal.valueOf(confirmed)
                                    .divide(BigDecimal.valueOf(judged), 3, RoundingMode.HALF_EVEN)
                                    .toPlainString()
                            + " (" + confirmed + "/" + judged + ")";
        }
    }

    private final Run run;
    private final BacktestComparison cmp;
    private final Map<String, Quality> quality;

    public BacktestReport(Run run, BacktestComparison cmp) {
        this(run, cmp, null);
    }

    /** @param quality per rule, the baseline version's measured precision; null: the column is left out */
    public BacktestReport(Run run, BacktestComparison cmp, Map<String, Quality> quality) {
        this.run = run;
        this.cmp = cmp;
        this.quality = quality;
    }

    private String quality(String rule) {
        Quality q = quality.get(rule);
        return q == null ? "-" : q.text();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Backtest: rules ")
                .append(run.baselineVersion())
                .append(" (baseline) vs ")
                .append(run.candidateVersion())
                .append(" (candidate)\n\n");
        md.append("- Baseline: `")
                .append(run.baselineFile())
                .append("`, version `")
                .append(run.baselineVersion())
                .append("`\n");
        md.append("- Candidate: `")
                .append(run.candidateFile())
                .append("`, version `")
                .append(run.candidateVersion())
                .append("`\n");
        md.append("- Input: ")
                .append(run.input())
                .append(", ")
                .append(String.format(
                        "%,d records: %,d processed, %,d dead-lettered (%s)",
                        run.read(),
                        run.processed(),
                        run.deadLettered(),
                        run.balanced() ? "all accounted for" : "RECORDS LOST"))
                .append("\n");
        md.append(String.format(
                "- Alerts: baseline %,d, candidate %,d; only the candidate raises %,d, only the " + "baseline %,d%n%n",
                total(BASELINE),
                total(CANDIDATE),
                cmp.onlyCandidate().size(),
                cmp.onlyBaseline().size()));

        md.append("## What changed in the rules file\n\n");
        if (cmp.thresholdChanges().isEmpty()) {
            md.append("Nothing: the two files hold the same settings.\n\n");
        } else {
            md.append("| Setting | Baseline | Candidate |\n|---|---:|---:|\n");
            for (BacktestComparison.ThresholdChange c : cmp.thresholdChanges()) {
                md.append("| `")
                        .append(c.path())
                        .append("` | ")
                        .append(orDash(c.baseline()))
                        .append(" | ")
                        .append(orDash(c.candidate()))
                        .append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Alerts per rule\n\n");
        md.append("| Rule | Baseline | Candidate | Change | Both | Only baseline | Only candidate |"
                + (quality == null ? "" : " Baseline precision (measured) |") + "\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|" + (quality == null ? "" : "---:|") + "\n");
        for (String rule : cmp.rules()) {
            long[] c = cmp.perRule().get(rule);
            md.append(String.format(
                    "| %s | %,d | %,d | %s | %,d | %,d | %,d |" + (quality == null ? "" : " " + quality(rule) + " |")
                            + "%n",
                    rule,
                    c[BASELINE],
                    c[CANDIDATE],
                    change(c[BASELINE], c[CANDIDATE]),
                    c[BOTH],
                    cmp.only(BASELINE, rule).size(),
                    cmp.only(CANDIDATE, rule).size()));
        }
        md.append('\n');

        md.append("## Alerts per rule per trading day\n\n| Day | Rule | Baseline | Candidate |\n|---|---|---:|---:|\n");
        for (LocalDate day : cmp.days()) {
            for (String rule : cmp.rules()) {
                long b = cmp.count(rule, day, BASELINE);
                long c = cmp.count(rule, day, CANDIDATE);
                if (b + c > 0) {
                    md.append(String.format("| %s | %s | %,d | %,d |%n", day, rule, b, c));
                }
            }
        }
        md.append('\n');
        samplesMarkdown(
                md,
                CANDIDATE,
                "Alerts only the candidate raises",
                cmp.onlyCandidate().size());
        samplesMarkdown(
                md,
                BASELINE,
                "Alerts only the baseline raises",
                cmp.onlyBaseline().size());
        return md.toString();
    }

    /** One rule's alerts that only one side raises: the first {@link #SAMPLE} and how many more. */
    private record RuleSample(String rule, int total, List<Alert> shown, String file) {
        int more() {
            return total - shown.size();
        }
    }

    /** Per rule (in rule order), the sample of what only this side raises; rules without any are left out. */
    private List<RuleSample> samples(int side) {
        String file = side == CANDIDATE ? "candidate-alerts.jsonl" : "baseline-alerts.jsonl";
        List<RuleSample> out = new ArrayList<>();
        for (String rule : cmp.rules()) {
            List<Alert> only = cmp.only(side, rule);
            if (!only.isEmpty()) {
                out.add(new RuleSample(rule, only.size(), only.subList(0, Math.min(SAMPLE, only.size())), file));
            }
        }
        return out;
    }

    private void samplesMarkdown(StringBuilder md, int side, String title, int total) {
        md.append("## ").append(title).append(" (").append(total).append(")\n\n");
        if (total == 0) {
            md.append("None.\n\n");
            return;
        }
        for (RuleSample r : samples(side)) {
            md.append("### ").append(r.rule()).append(" (").append(r.total()).append(")\n\n");
            for (Alert a : r.shown()) {
                md.append("- `")
                        .append(a.alertId())
                        .append("` ")
                        .append(a.ts())
                        .append(", ")
                        .append(a.severity())
                        .append(", client ")
                        .append(a.clientId())
                        .append(", broker ")
                        .append(orDash(a.brokerId()))
                        .append(a.symbol() == null ? "" : ", " + a.symbol())
                        .append(": ")
                        .append(a.summary())
                        .append("\n  - evidence: ")
                        .append(String.join(", ", a.evidence()))
                        .append("\n  - metrics: `")
                        .append(a.metricsJson())
                        .append("`\n");
            }
            if (r.more() > 0) {
                md.append("- ... and ")
                        .append(r.more())
                        .append(" more in `")
                        .append(r.file())
                        .append("`\n");
            }
            md.append('\n');
        }
    }

    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Backtest ")
                .append(esc(run.baselineVersion()))
                .append(" vs ")
                .append(esc(run.candidateVersion()))
                .append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;"
                        + "max-width:1040px;color:#1d2733;padding:0 16px}\n")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d5dbe3;"
                        + "padding-bottom:4px}h3{font-size:15px}\n")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d5dbe3;padding:4px 10px}"
                        + "th{background:#f1f4f8;text-align:left}"
                        + "td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".up{color:#b4441b}.down{color:#1d6fb8}"
                        + "code{background:#f1f4f8;padding:1px 4px;border-radius:3px}\n")
                .append(".card{border:1px solid #d5dbe3;border-radius:6px;padding:8px 12px;margin:8px 0}"
                        + ".sev{font-weight:600}.muted{color:#5c6b7a}.legend span{display:inline-block;width:12px;"
                        + "height:12px;margin:0 4px 0 12px;vertical-align:-1px}\n")
                .append("</style></head><body>\n");
        h.append("<h1>Backtest: rules <code>")
                .append(esc(run.baselineVersion()))
                .append("</code> (baseline) vs <code>")
                .append(esc(run.candidateVersion()))
                .append("</code> (candidate)</h1>\n<ul>\n");
        h.append("<li>Baseline: <code>").append(esc(run.baselineFile())).append("</code></li>\n");
        h.append("<li>Candidate: <code>").append(esc(run.candidateFile())).append("</code></li>\n");
        h.append(String.format(
                "<li>Input: %s, %,d records: %,d processed, %,d dead-lettered (%s)</li>%n",
                esc(run.input()),
                run.read(),
                run.processed(),
                run.deadLettered(),
                run.balanced() ? "all accounted for" : "<b>RECORDS LOST</b>"));
        h.append(String.format(
                "<li>Alerts: baseline <b>%,d</b>, candidate <b>%,d</b>; only the candidate raises "
                        + "<b>%,d</b>, only the baseline <b>%,d</b></li>%n</ul>%n",
                total(BASELINE),
                total(CANDIDATE),
                cmp.onlyCandidate().size(),
                cmp.onlyBaseline().size()));

        h.append("<h2>What changed in the rules file</h2>\n");
        if (cmp.thresholdChanges().isEmpty()) {
            h.append("<p>Nothing: the two files hold the same settings.</p>\n");
        } else {
            h.append("<table><tr><th>Setting</th><th>Baseline</th><th>Candidate</th></tr>\n");
            for (BacktestComparison.ThresholdChange c : cmp.thresholdChanges()) {
                h.append("<tr><td><code>")
                        .append(esc(c.path()))
                        .append("</code></td><td class=\"n\">")
                        .append(esc(orDash(c.baseline())))
                        .append("</td><td class=\"n\">")
                        .append(esc(orDash(c.candidate())))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Alerts per rule</h2>\n<table><tr><th>Rule</th><th>Baseline</th><th>Candidate</th><th>Change</th>"
                + "<th>Both</th><th>Only baseline</th><th>Only candidate</th>"
                + (quality == null ? "" : "<th>Baseline precision (measured)</th>") + "</tr>\n");
        for (String rule : cmp.rules()) {
            long[] c = cmp.perRule().get(rule);
            String cls = c[CANDIDATE] > c[BASELINE] ? "up" : c[CANDIDATE] < c[BASELINE] ? "down" : "";
            h.append(String.format(
                    "<tr><td>%s</td><td class=\"n\">%,d</td><td class=\"n\">%,d</td>"
                            + "<td class=\"n %s\">%s</td><td class=\"n\">%,d</td><td class=\"n\">%,d</td>"
                            + "<td class=\"n\">%,d</td>"
                            + (quality == null ? "" : "<td class=\"n\">" + esc(quality(rule)) + "</td>")
                            + "</tr>%n",
                    esc(rule),
                    c[BASELINE],
                    c[CANDIDATE],
                    cls,
                    change(c[BASELINE], c[CANDIDATE]),
                    c[BOTH],
                    cmp.only(BASELINE, rule).size(),
                    cmp.only(CANDIDATE, rule).size()));
        }
        h.append("</table>\n");

        h.append("<h2>Alerts per rule per trading day</h2>\n"
                + "<p class=\"legend\"><span style=\"background:#6b8fb3\"></span>"
                + "baseline<span style=\"background:#e08a3c\"></span>candidate</p>\n");
        for (LocalDate day : cmp.days()) {
            h.append("<h3>").append(day).append("</h3>\n").append(dayChart(day));
        }
        samplesHtml(
                h,
                CANDIDATE,
                "Alerts only the candidate raises",
                cmp.onlyCandidate().size());
        samplesHtml(
                h,
                BASELINE,
                "Alerts only the baseline raises",
                cmp.onlyBaseline().size());
        h.append("</body></html>\n");
        return h.toString();
    }

    /** A horizontal grouped bar chart: one row per rule, baseline and candidate bars, scaled to the day's largest. */
    private String dayChart(LocalDate day) {
        int label = 200;
        int barMax = 560;
        int row = 34;
        long max = 1;
        for (String rule : cmp.rules()) {
            max = Math.max(max, Math.max(cmp.count(rule, day, BASELINE), cmp.count(rule, day, CANDIDATE)));
        }
        int height = row * cmp.rules().size() + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(label + barMax + 60)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"alerts per rule on ")
                .append(day)
                .append("\" font-size=\"12\" font-family=\"system-ui,sans-serif\">\n");
        int y = 4;
        for (String rule : cmp.rules()) {
            long b = cmp.count(rule, day, BASELINE);
            long c = cmp.count(rule, day, CANDIDATE);
            svg.append("<text x=\"")
                    .append(label - 8)
                    .append("\" y=\"")
                    .append(y + 19)
                    .append("\" text-anchor=\"end\">")
                    .append(esc(rule))
                    .append("</text>\n");
            bar(svg, label, y + 3, b, max, barMax, "#6b8fb3");
            bar(svg, label, y + 16, c, max, barMax, "#e08a3c");
            y += row;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, int x, int y, long value, long max, int barMax, String colour) {
        int w = (int) Math.round((double) value * barMax / max);
        svg.append("<rect x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(Math.max(w, 1))
                .append("\" height=\"12\" fill=\"")
                .append(colour)
                .append("\"><title>")
                .append(value)
                .append("</title></rect><text x=\"")
                .append(x + Math.max(w, 1) + 4)
                .append("\" y=\"")
                .append(y + 10)
                .append("\" font-size=\"11\">")
                .append(String.format("%,d", value))
                .append("</text>\n");
    }

    private void samplesHtml(StringBuilder h, int side, String title, int total) {
        h.append("<h2>").append(title).append(" (").append(total).append(")</h2>\n");
        if (total == 0) {
            h.append("<p>None.</p>\n");
            return;
        }
        for (RuleSample r : samples(side)) {
            h.append("<h3>")
                    .append(esc(r.rule()))
                    .append(" (")
                    .append(r.total())
                    .append(")</h3>\n");
            for (Alert a : r.shown()) {
                h.append("<div class=\"card\"><div><span class=\"sev\">")
                        .append(a.severity())
                        .append("</span> ")
                        .append(esc(a.summary()))
                        .append("</div>\n<div class=\"muted\">")
                        .append(esc(a.ts()))
                        .append(" &middot; client ")
                        .append(esc(a.clientId()))
                        .append(" &middot; broker ")
                        .append(esc(orDash(a.brokerId())))
                        .append(a.symbol() == null ? "" : " &middot; " + esc(a.symbol()))
                        .append(" &middot; <code>")
                        .append(esc(a.alertId()))
                        .append("</code></div>\n")
                        .append("<div>evidence: <code>")
                        .append(esc(String.join(", ", a.evidence())))
                        .append("</code></div>\n<div>metrics: <code>")
                        .append(esc(a.metricsJson()))
                        .append("</code></div></div>\n");
            }
            if (r.more() > 0) {
                h.append("<p class=\"muted\">... and ")
                        .append(r.more())
                        .append(" more in <code>")
                        .append(r.file())
                        .append("</code></p>\n");
            }
        }
    }

    private long total(int side) {
        return cmp.perRule().values().stream().mapToLong(c -> c[side]).sum();
    }

    static String change(long baseline, long candidate) {
        long d = candidate - baseline;
        if (d == 0) {
            return "0";
        }
        String pct = baseline == 0 ? "new" : String.format("%+.0f %%", 100.0 * d / baseline);
        return String.format("%+,d (%s)", d, pct);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    static String esc(String s) {
        return Html.escape(s);
    }
}
