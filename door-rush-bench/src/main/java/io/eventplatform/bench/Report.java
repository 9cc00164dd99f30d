package io.eventplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** results.json → report.md (the tables, targets, environment) and one latency-over-time SVG per run. */
final class Report {

    private Report() {
    }

    /** Writes report.md and the plots; returns the tables as printed on the console. */
    static String write(Path dir, JsonObject all) throws IOException {
        JsonObject runs = all.getJsonObject("runs");
        JsonObject baseline = all.getJsonObject("baseline");
        JsonObject env = all.getJsonObject("environment");
        String tables = tables(runs, baseline, env);
        StringBuilder md = new StringBuilder("# Door-rush benchmark\n\n").append(tables).append('\n');
        md.append("## Latency over time\n\n");
        for (String name : runs.fieldNames()) {
            JsonObject run = runs.getJsonObject(name);
            if (run.containsKey("timeline")) {
                Files.writeString(dir.resolve(name + "-latency.svg"), svg(run));
                md.append("### ").append(run.getString("label")).append("\n\n![").append(name).append("](")
                        .append(name).append("-latency.svg)\n\n");
            }
        }
        md.append(details(runs, baseline));
        md.append("""
                ## What the columns mean

                - **scan → ack**: from the scan's *intended* send time (open-loop pacing: scan i is due at
                  t0 + i/rate, and a late sender does not hide queueing) to the `scan_result` on the kiosk socket.
                - **check-in → every dashboard socket**: from the check-in's server time (the `at` of the
                  `checked_in` delta, read from the same machine clock; it is truncated to the millisecond, so
                  these figures can be up to 1 ms high) to the receipt of that delta on the socket. *every* =
                  per check-in, the slowest socket (when the last dashboard had it); *each* = every delivery on
                  every socket. The same latency from the scan's intended send time is in the details.
                - **lost**: scans without an ack; deliveries missing = (check-ins × dashboards) − distinct
                  check-ins each socket received.
                - **out of order**: per socket, missing `seq` numbers (gaps) + `seq` going backwards or repeated
                  + the same registration's `checked_in` delta received twice.
                - **CPU µs / delivery**: checkin-service utime+stime (/proc/&lt;pid&gt;/stat) over the window (first
                  scan due → last delivery) ÷ deliveries; *net* subtracts the CPU per scan measured with the same
                  scan rate and no dashboards (row "scan-only").
                - **baseline**: server CPU µs / delivery of the bare Vert.x fan-out harness (ws-baseline,
                  1,000 sockets, 25 or 100 broadcasts/s), run in the same sitting.
                - **others busy**: CPU used by processes that are not part of the benchmark (the machine is
                  shared), in % of all cores, over the same window.
                """);
        Files.writeString(dir.resolve("report.md"), md);
        return tables;
    }

    static String tables(JsonObject runs, JsonObject baseline, JsonObject env) {
        StringBuilder t = new StringBuilder();
        int instances = env.getInteger("checkinInstances", 1);
        t.append(String.format(Locale.ROOT, "%d cores (%s), %s; checkin-service JVM: %s; %s; machine %.0f %% busy before start"
                + " (load average %s); %s%n%n", env.getInteger("nproc"), env.getString("cpu"), env.getString("java"),
                env.getString("serviceJvm"), instances == 1 ? "one instance"
                        : instances + " instances (sockets alternate between them; CPU is their sum)",
                env.getDouble("busyBeforeStartPercent"), env.getString("loadAverage"),
                env.getBoolean("quick") ? "QUICK run: numbers are not meant for use" : "full run"));
        t.append("| scenario | scan → ack p50 / p99 ms | check-in → every dashboard socket p50 / p99 ms (each delivery) "
                + "| lost (acks / deliveries) | out of order | checkin CPU µs per dashboard delivery (net of scans) "
                + "| baseline CPU µs per delivery | others busy | targets |\n");
        t.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String name : List.of("s1", "s2", "s3", "scan-only-25", "scan-only-100")) {
            JsonObject r = runs.getJsonObject(name);
            if (r != null) {
                t.append(row(name, r, runs, baseline)).append('\n');
            }
        }
        JsonObject cold = runs.getJsonObject("s5-cold");
        if (cold != null) {
            JsonObject c = cold.getJsonObject("cold");
            long first = c.getJsonObject("first20AckMicros").getLong("p50", 0L);
            long firstDash = c.getJsonObject("first20EveryDashboardMicros").getLong("p50", 0L);
            // Warm = scenario 1 (same load on the same, now warm, process) when it ran; else this run's second half.
            JsonObject s1 = runs.getJsonObject("s1");
            long warm = s1 != null ? s1.getJsonObject("ackMicros").getLong("p50", 0L)
                    : c.getJsonObject("warmAckMicros").getLong("p50", 0L);
            long warmDash = s1 != null ? s1.getJsonObject("everyDashboardMicros").getLong("p50", 0L)
                    : c.getJsonObject("warmEveryDashboardMicros").getLong("p50", 0L);
            // A warm p50 over a second means scans queued: the comparison then says nothing about JIT warm-up.
            String target = warm <= 0 ? "?" : warm > 1_000_000 ? "? (warm p50 > 1 s: the service could not keep up)"
                    : String.format(Locale.ROOT, "%.1f× %s", (double) first / warm, verdict(first <= 2 * warm));
            t.append(String.format(Locale.ROOT, "%n| 5. cold start | ready → first scan (incl. 60 handshakes) "
                    + "| scan → ack p50, first 20 scans | warm p50 (%s) | check-in → every dashboard p50, "
                    + "first 20 / warm | lost | others busy | target: first ≤ 2× warm |%n|---|---|---|---|---|---|---|---|%n"
                    + "| %s | %.0f ms | %s ms | %s ms | %s / %s ms | %s | %.0f %% | %s |%n",
                    s1 != null ? "scenario 1" : "second half of this run",
                    cold.getString("label"), c.getDouble("readyToFirstScanMs"), ms(first), ms(warm),
                    ms(firstDash), ms(warmDash), lost(cold), cold.getDouble("otherBusyPercent"), target));
        }
        JsonObject memory = runs.getJsonObject("s4-memory");
        if (memory != null) {
            JsonObject per = memory.getJsonObject("perSocketBytes");
            JsonObject nmt = per.getJsonObject("nmtCommitted");
            StringBuilder where = new StringBuilder();
            nmt.fieldNames().stream().filter(k -> !k.equals("Total"))
                    .sorted((a, b) -> Long.compare(Math.abs(nmt.getLong(b)), Math.abs(nmt.getLong(a))))
                    .limit(6).forEach(k -> where.append(where.length() == 0 ? "" : ", ").append(k).append(' ')
                            .append(kb(nmt.getLong(k))));
            double rssKb = per.getLong("rss") / 1024.0;
            t.append(String.format(Locale.ROOT, "%n| 4. idle memory | sockets open | RSS per socket (after GC.run) "
                    + "| heap used per socket | direct (NMT Other) per socket | NMT committed per socket, by category "
                    + "| others busy | target ≤ 20 KB RSS per socket |%n|---|---|---|---|---|---|---|---|%n"
                    + "| %s | %,d (service fds %d → %d) | %.1f KB | %s | %s | total %s: %s | %.0f %% | %s |%n",
                    memory.getString("label"), memory.getInteger("sockets") - memory.getLong("failedDashboards", 0L),
                    memory.getInteger("serviceOpenFilesBefore"), memory.getInteger("serviceOpenFilesAfter"),
                    rssKb, kb(per.getLong("heapUsed")), kb(nmt.getLong("Other", 0L)), kb(nmt.getLong("Total", 0L)),
                    where, memory.getDouble("otherBusyPercent", -1.0), verdict(rssKb <= 20)));
        }
        if (baseline.containsKey("skipped")) {
            t.append("\nBaseline (ws-baseline): skipped — ").append(baseline.getString("skipped")).append('\n');
        }
        return t.toString();
    }

    private static String row(String name, JsonObject r, JsonObject runs, JsonObject baseline) {
        JsonObject ack = r.getJsonObject("ackMicros");
        JsonObject every = r.getJsonObject("everyDashboardMicros");
        JsonObject each = r.getJsonObject("dashboardMicros");
        int dashboards = r.getInteger("dashboards");
        long deliveries = r.getLong("deliveriesUnique");
        long outOfOrder = r.getLong("seqGaps") + r.getLong("seqBackwards") + r.getLong("duplicateDeliveries");
        double cpu = r.getLong("serviceCpuMicros");
        String rateKey = String.valueOf((int) Math.round(r.getDouble("rate")));
        JsonObject scanOnly = runs.getJsonObject("scan-only-" + rateKey);
        Double baselineMicros = baseline.containsKey("rates") && baseline.getJsonObject("rates").containsKey(rateKey)
                ? baseline.getJsonObject("rates").getJsonObject(rateKey).getDouble("cpuMicrosPerDelivery") : null;
        String cpuCell;
        Double net = null;
        if (dashboards == 0) {
            cpuCell = String.format(Locale.ROOT, "— (%.2f ms CPU per scan)", cpu / 1000.0 / Math.max(1, r.getLong("acks")));
        } else {
            double gross = cpu / Math.max(1, deliveries);
            if (scanOnly != null) {
                double perScan = scanOnly.getLong("serviceCpuMicros") / (double) Math.max(1, scanOnly.getLong("acks"));
                net = (cpu - perScan * r.getLong("acks")) / Math.max(1, deliveries);
                cpuCell = String.format(Locale.ROOT, "%.1f (net %.1f)", gross, net);
            } else {
                cpuCell = String.format(Locale.ROOT, "%.1f", gross);
            }
        }
        List<String> targets = new ArrayList<>();
        boolean lostNone = r.getLong("lostAcks") == 0 && r.getLong("lostDeliveries") == 0;
        if (name.equals("s3")) {
            targets.add("p50 ≤ 30 " + verdict(every.getLong("p50", Long.MAX_VALUE) <= 30_000));
            targets.add("p99 ≤ 75 " + verdict(every.getLong("p99", Long.MAX_VALUE) <= 75_000));
            targets.add("0 lost " + verdict(lostNone));
            targets.add("0 out of order " + verdict(outOfOrder == 0));
        }
        if (name.equals("s2")) {
            targets.add("ack p99 ≤ 50 " + verdict(ack.getLong("p99", Long.MAX_VALUE) <= 50_000));
            targets.add("dashboards p99 ≤ 100 " + verdict(every.getLong("p99", Long.MAX_VALUE) <= 100_000));
        }
        if (dashboards > 0 && baselineMicros != null) {
            double mine = net != null ? net : cpu / Math.max(1, deliveries);
            targets.add(mine <= 0 ? "CPU ≤ 2× baseline: ? (net ≤ 0: scan CPU varied more than the fan-out cost)"
                    : String.format(Locale.ROOT, "CPU ≤ 2× baseline (%.1f×) %s", mine / baselineMicros,
                            verdict(mine <= 2 * baselineMicros)));
        }
        return String.format(Locale.ROOT, "| %s | %s / %s | %s | %s | %d | %s | %s | %.0f %% | %s |",
                r.getString("label"), ms(ack.getLong("p50", 0L)), ms(ack.getLong("p99", 0L)),
                dashboards == 0 ? "— (no dashboards)" : ms(every.getLong("p50", 0L)) + " / " + ms(every.getLong("p99", 0L))
                        + " (" + ms(each.getLong("p50", 0L)) + " / " + ms(each.getLong("p99", 0L)) + ")",
                lost(r), outOfOrder, cpuCell,
                dashboards == 0 || baselineMicros == null ? "—" : String.format(Locale.ROOT, "%.1f (1,000 sockets × %s/s)",
                        baselineMicros, rateKey),
                r.getDouble("otherBusyPercent"), targets.isEmpty() ? "" : String.join("; ", targets));
    }

    private static String lost(JsonObject r) {
        return r.getLong("lostAcks") + " / " + r.getLong("lostDeliveries");
    }

    private static String verdict(boolean met) {
        return met ? "✔" : "✘";
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, micros >= 100_000 ? "%.0f" : "%.1f", micros / 1000.0);
    }

    static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    /** Everything else a reader may want: outcomes, rates, client load, closes, baseline latencies. */
    private static String details(JsonObject runs, JsonObject baseline) {
        StringBuilder d = new StringBuilder("## Details per run\n\n");
        d.append("| run | scans (rate achieved) | outcomes | sender max lag | each delivery from scan due p50 / p99 / max "
                + "| every dashboard max | CPU % of a core: service / DynamoDB Local / client | machine busy | closes / extra snapshots "
                + "| service RSS after |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (String name : runs.fieldNames()) {
            JsonObject r = runs.getJsonObject(name);
            if (!"load".equals(r.getString("mode"))) {
                continue;
            }
            JsonObject due = r.getJsonObject("dashboardFromDueMicros");
            d.append(String.format(Locale.ROOT, "| %s | %d (%.1f/s) | %s | %.1f ms | %s / %s / %s ms | %s ms | %.0f / %.0f / %.0f | %.0f %% "
                    + "| %s / %d | %,d KiB |%n", name, r.getInteger("scans"),
                    r.getInteger("scans") / Math.max(0.001, r.getDouble("sendSeconds")), r.getJsonObject("outcomes").encode(),
                    r.getDouble("senderMaxLagMs"), ms(due.getLong("p50", 0L)), ms(due.getLong("p99", 0L)),
                    ms(due.getLong("max", 0L)), ms(r.getJsonObject("everyDashboardMicros").getLong("max", 0L)),
                    r.getDouble("servicePercentOfCore"), r.getDouble("dynamoDbLocalPercentOfCore", -1.0),
                    r.getDouble("clientPercentOfCore"), r.getDouble("machineBusyPercent"),
                    r.getJsonObject("closes").encode(), r.getLong("extraSnapshots"), r.getLong("serviceRssKb")));
        }
        if (baseline.containsKey("rates")) {
            d.append("\nBaseline (").append(baseline.getString("source")).append("), same sitting:\n\n")
                    .append("| rate | sockets | deliveries | server CPU µs / delivery | p50 / p99 ms | other processes % of a core |\n"
                            + "|---|---|---|---|---|---|\n");
            JsonObject rates = baseline.getJsonObject("rates");
            for (String rate : rates.fieldNames()) {
                JsonObject b = rates.getJsonObject(rate);
                d.append(String.format(Locale.ROOT, "| %s/s | %d | %,d | %s | %s / %s | %s |%n", rate, b.getInteger("sockets"),
                        b.getLong("deliveries"), b.getValue("cpuMicrosPerDelivery"), ms(b.getLong("p50Micros", 0L)),
                        ms(b.getLong("p99Micros", 0L)), b.getValue("otherProcessesPercentOfCore")));
            }
        }
        JsonObject memory = runs.getJsonObject("s4-memory");
        if (memory != null) {
            d.append("\nIdle memory, before → after opening the sockets (after 2 × GC.run): ")
                    .append(memory.getJsonObject("before").encode()).append(" → ")
                    .append(memory.getJsonObject("after").encode()).append("\n");
        }
        d.append("\nHdrHistogram percentile distributions (ms): `<run>-ack.hgrm`, `<run>-dashboard.hgrm` (each delivery), "
                + "`<run>-every-dashboard.hgrm` (slowest socket per check-in). Raw numbers: `results.json`.\n\n");
        return d.toString();
    }

    // ------------------------------------------------------------------ SVG

    private static final String[][] SERIES = {
            {"ack", "p50", "#1f77b4", ""}, {"ack", "p99", "#1f77b4", "6,3"}, {"ack", "max", "#1f77b4", "1,3"},
            {"dashboard", "p50", "#d62728", ""}, {"dashboard", "p99", "#d62728", "6,3"}, {"dashboard", "max", "#d62728", "1,3"}};

    /** Per-second p50/p99/max of scan → ack and check-in → each dashboard delivery, log-scale milliseconds. */
    static String svg(JsonObject run) {
        JsonArray timeline = run.getJsonArray("timeline");
        int width = 760;
        int height = 320;
        int left = 60;
        int right = 150;
        int top = 30;
        int bottom = 40;
        double tMax = 1;
        long vMax = 1000;
        for (Object o : timeline) {
            JsonObject p = (JsonObject) o;
            tMax = Math.max(tMax, p.getDouble("t"));
            for (String k : List.of("ack", "dashboard")) {
                vMax = Math.max(vMax, p.getJsonObject(k).getLong("max", 0L));
            }
        }
        double decadesTop = Math.ceil(Math.log10(vMax / 1000.0));
        double decadesBottom = -1; // 0.1 ms
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double finalTMax = tMax;
        java.util.function.DoubleUnaryOperator x = t -> left + plotW * t / finalTMax;
        java.util.function.DoubleUnaryOperator y = micros -> {
            double ms = Math.max(micros / 1000.0, Math.pow(10, decadesBottom));
            return top + plotH * (decadesTop - Math.log10(ms)) / (decadesTop - decadesBottom);
        };
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s — per second, ms (log scale)</text>%n",
                left, escape(run.getString("label"))));
        for (double dec = decadesBottom; dec <= decadesTop; dec++) {
            double yy = y.applyAsDouble(Math.pow(10, dec) * 1000);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, left + plotW, yy, yy, left - 5, yy + 4,
                    dec < 0 ? "0.1" : String.valueOf((long) Math.pow(10, dec))));
        }
        int step = (int) Math.max(1, Math.ceil(tMax / 10));
        for (int t = 0; t <= tMax; t += step) {
            double xx = x.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.0f\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d s</text>%n", xx, xx, top, top + plotH, xx,
                    top + plotH + 15, t));
        }
        int legend = 0;
        for (String[] series : SERIES) {
            StringBuilder points = new StringBuilder();
            for (Object o : timeline) {
                JsonObject p = (JsonObject) o;
                JsonObject h = p.getJsonObject(series[0]);
                if (h.getLong("n", 0L) > 0) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(p.getDouble("t")),
                            y.applyAsDouble(h.getLong(series[1]))));
                }
            }
            String dash = series[3].isEmpty() ? "" : " stroke-dasharray=\"" + series[3] + "\"";
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>%n",
                    series[2], dash, points.toString().trim()));
            double ly = top + 10 + legend * 16;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" stroke-width=\"1.5\"%s/>"
                    + "<text x=\"%.0f\" y=\"%.0f\">%s %s</text>%n", left + plotW + 10, left + plotW + 35, ly, ly, series[2], dash,
                    left + plotW + 40, ly + 4, series[0].equals("ack") ? "scan → ack" : "check-in → dashboard", series[1]));
            legend++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
