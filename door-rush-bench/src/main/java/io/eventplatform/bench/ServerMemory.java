package io.eventplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * Where a JVM's memory is, after a full GC: RSS from /proc, the heap from {@code jcmd GC.heap_info},
 * and Native Memory Tracking's categories from {@code jcmd VM.native_memory summary} (the JVM must
 * run with {@code -XX:NativeMemoryTracking=summary}). Direct buffers (Netty's) are NMT's "Other".
 */
record ServerMemory(long rssKb, long heapUsedKb, long heapCommittedKb, Map<String, Long> nmtCommittedKb, String nmt) {

    private static final Pattern HEAP = Pattern.compile("(?:generation|heap)\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern NMT_CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    /** Two full GCs ({@code jcmd GC.run}), then RSS, heap and NMT. */
    static ServerMemory measure(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Thread.sleep(500);
        jcmd(pid, "GC.run");
        Thread.sleep(500);
        long rss = ProcStats.rssKb(pid);
        long used = 0;
        long committed = 0;
        Matcher heap = HEAP.matcher(jcmd(pid, "GC.heap_info"));
        while (heap.find()) {
            committed += Long.parseLong(heap.group(1));
            used += Long.parseLong(heap.group(2));
        }
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        return new ServerMemory(rss, used, committed, nmtCategories(nmt), nmt);
    }

    static Map<String, Long> nmtCategories(String nmt) {
        Map<String, Long> categories = new LinkedHashMap<>();
        for (String line : nmt.lines().toList()) {
            Matcher total = NMT_TOTAL.matcher(line);
            if (total.find()) {
                categories.put("Total", Long.parseLong(total.group(2)));
            }
            Matcher category = NMT_CATEGORY.matcher(line.trim());
            if (category.find()) {
                categories.put(category.group(1).trim(), Long.parseLong(category.group(3)));
            }
        }
        return categories;
    }

    JsonObject toJson() {
        JsonObject nmtJson = new JsonObject();
        nmtCommittedKb.forEach(nmtJson::put);
        return new JsonObject().put("rssKb", rssKb).put("heapUsedKb", heapUsedKb).put("heapCommittedKb", heapCommittedKb)
                .put("nmtCommittedKb", nmtJson);
    }

    /** Bytes per socket: RSS, heap used, and each NMT category's committed memory that grew. */
    static JsonObject perSocket(ServerMemory before, ServerMemory after, int sockets) {
        JsonObject nmt = new JsonObject();
        after.nmtCommittedKb.forEach((category, kb) -> {
            long delta = kb - before.nmtCommittedKb.getOrDefault(category, 0L);
            if (delta != 0) {
                nmt.put(category, Math.round(delta * 1024.0 / sockets));
            }
        });
        return new JsonObject()
                .put("rss", Math.round((after.rssKb - before.rssKb) * 1024.0 / sockets))
                .put("heapUsed", Math.round((after.heapUsedKb - before.heapUsedKb) * 1024.0 / sockets))
                .put("heapCommitted", Math.round((after.heapCommittedKb - before.heapCommittedKb) * 1024.0 / sockets))
                .put("nmtCommitted", nmt);
    }

    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jdkJcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new java.util.ArrayList<>(List.of(Files.isExecutable(jdkJcmd) ? jdkJcmd.toString() : "jcmd",
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }
}
