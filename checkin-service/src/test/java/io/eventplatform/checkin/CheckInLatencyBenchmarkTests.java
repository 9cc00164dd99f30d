package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Check-in accepted → seen on every dashboard socket, and scan → ack for kiosks, on the real
 * stack (DynamoDB Local with streams, real sockets). Scans are sent at a fixed rate spread over
 * the kiosks. Run: {@code ./mvnw -B verify -pl checkin-service -am -Pbench}; tune with
 * {@code -Dbench.rate=50 -Dbench.seconds=20 -Dbench.kiosks=10 -Dbench.dashboards=10}.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class CheckInLatencyBenchmarkTests {

    @Test
    void checkInReachesEveryDashboard() throws Exception {
        int rate = Integer.getInteger("bench.rate", 50);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int kioskCount = Integer.getInteger("bench.kiosks", 10);
        int dashboardCount = Integer.getInteger("bench.dashboards", 10);
        int total = rate * seconds;

        double conflictsBefore = conflicts();
        String eventId = Fixtures.event("Benchmark");
        List<RegistrationItem> registrations = Fixtures.registerMany(eventId, total);
        List<String> tickets = registrations.stream().map(Fixtures::ticket).toList();

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        Histogram scanToAck = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram acceptedToDashboard = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram acceptedToAllDashboards = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Map<String, AtomicLong> lastDashboardSeen = new ConcurrentHashMap<>();
        Map<String, List<Long>> dashboardArrivals = new ConcurrentHashMap<>();
        AtomicInteger deltasBeforeAck = new AtomicInteger();

        List<SocketClient> dashboards = new ArrayList<>();
        for (int d = 0; d < dashboardCount; d++) {
            SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken());
            dashboard.next(type("snapshot"), Duration.ofSeconds(10));
            dashboard.observer = (message, arrived) -> {
                if ("checked_in".equals(message.path("kind").asText())) {
                    dashboardArrivals.computeIfAbsent(message.path("registrationId").asText(),
                            k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(arrived);
                }
            };
            dashboards.add(dashboard);
        }
        CountDownLatch acked = new CountDownLatch(total);
        List<SocketClient> kiosks = new ArrayList<>();
        for (int k = 0; k < kioskCount; k++) {
            SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId),
                    Fixtures.kioskToken(eventId, "gate-" + (k % 4)));
            kiosk.next(type("welcome"), Duration.ofSeconds(10));
            kiosk.observer = (message, arrived) -> {
                if ("scan_result".equals(message.path("type").asText())) {
                    String registrationId = message.path("result").path("registrationId").asText();
                    acceptedAt.put(registrationId, arrived);
                    scanToAck.recordValue(Math.max(0, (arrived - sentAt.get(registrationId)) / 1000));
                    acked.countDown();
                }
            };
            kiosks.add(kiosk);
        }

        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        sender.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= total) {
                return;
            }
            sentAt.put(registrations.get(i).registrationId(), System.nanoTime());
            kiosks.get(i % kioskCount).send(SocketTestSupport.scan("b-" + i, tickets.get(i), "entry"));
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        acked.await(seconds + 60L, TimeUnit.SECONDS);
        long sendingNanos = System.nanoTime() - started;
        sender.shutdownNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> dashboardArrivals.size() == total
                && dashboardArrivals.values().stream().allMatch(list -> list.size() == dashboardCount));

        for (RegistrationItem registration : registrations) {
            long accepted = acceptedAt.get(registration.registrationId());
            long latest = 0;
            for (long arrived : List.copyOf(dashboardArrivals.get(registration.registrationId()))) {
                long micros = (arrived - accepted) / 1000;
                if (micros < 0) {
                    deltasBeforeAck.incrementAndGet();
                }
                acceptedToDashboard.recordValue(Math.max(0, micros));
                latest = Math.max(latest, Math.max(0, micros));
            }
            acceptedToAllDashboards.recordValue(latest);
        }
        kiosks.forEach(SocketClient::close);
        dashboards.forEach(SocketClient::close);
        assertEquals(total, acceptedAt.size());

        System.out.printf("%n=== check-in latency benchmark (%d cores, DynamoDB Local with streams, one service instance) ===%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("scans: %d at %d/s target (%.1f/s achieved) from %d kiosk sockets; %d dashboard sockets%n",
                total, rate, total / (sendingNanos / 1e9), kioskCount, dashboardCount);
        print("scan -> ack (kiosk)", scanToAck);
        print("accepted -> seen, per dashboard socket", acceptedToDashboard);
        print("accepted -> seen on every dashboard socket", acceptedToAllDashboards);
        System.out.printf("deltas that reached a dashboard before the kiosk got its ack (counted as 0): %d%n",
                deltasBeforeAck.get());
        System.out.printf("transaction conflicts retried (hot counters item): %.0f%n%n", conflicts() - conflictsBefore);
    }

    private static double conflicts() {
        String metrics = io.restassured.RestAssured.given().port(StackTestResource.managementPort()).get("/q/metrics")
                .asString();
        return metrics.lines().filter(line -> line.startsWith("checkin_transaction_conflicts_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void print(String name, Histogram histogram) {
        System.out.printf("%-45s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (n=%d)%n", name,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0, histogram.getTotalCount());
    }
}
