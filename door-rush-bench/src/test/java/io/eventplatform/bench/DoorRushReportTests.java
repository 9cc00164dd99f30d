package io.eventplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The cheap parts of the benchmark, without running it: message reading, NMT parsing, the plot. */
class DoorRushReportTests {

    @Test
    void aDeltaIsReadWithoutAJsonParser() {
        String delta = "{\"type\":\"delta\",\"eventId\":\"evt-1\",\"seq\":1842,\"kind\":\"checked_in\","
                + "\"registrationId\":\"reg-91bc\",\"attendeeName\":\"Grace Hopper\",\"gate\":\"south\","
                + "\"at\":\"2026-11-22T09:31:06.311Z\",\"counts\":{\"checkedIn\":413,\"inside\":381}}";
        assertEquals(1842, LoadClient.number(delta, "\"seq\":"));
        assertEquals("checked_in", LoadClient.string(delta, "\"kind\":\""));
        assertEquals("reg-91bc", LoadClient.string(delta, "\"registrationId\":\""));
        assertEquals("2026-11-22T09:31:06.311Z", LoadClient.string(delta, "\"at\":\""));
        assertEquals(-1, LoadClient.number(delta, "\"fromSeq\":"));
    }

    @Test
    void nativeMemoryTrackingCategoriesAreParsed() {
        String nmt = """
                Native Memory Tracking:

                Total: reserved=1789012KB, committed=201234KB
                -                 Java Heap (reserved=524288KB, committed=65536KB)
                                            (mmap: reserved=524288KB, committed=65536KB)
                -                     Class (reserved=1048999KB, committed=12000KB)
                -                     Other (reserved=2048KB, committed=2048KB)
                """;
        Map<String, Long> categories = ServerMemory.nmtCategories(nmt);
        assertEquals(Map.of("Total", 201234L, "Java Heap", 65536L, "Class", 12000L, "Other", 2048L), categories);
    }

    @Test
    void latencyOverTimeIsAnSvgWithOnePolylinePerSeries() {
        JsonArray timeline = new JsonArray();
        for (int t = 1; t <= 5; t++) {
            JsonObject h = new JsonObject().put("n", 10).put("p50", 1000L * t).put("p99", 5000L * t).put("max", 9000L * t);
            timeline.add(new JsonObject().put("t", (double) t).put("ack", h).put("dashboard", h));
        }
        String svg = Report.svg(new JsonObject().put("label", "1. a <run>").put("timeline", timeline));
        assertTrue(svg.startsWith("<svg"));
        assertEquals(6, svg.split("<polyline").length - 1);
        assertTrue(svg.contains("1. a &lt;run&gt;"));
    }
}
