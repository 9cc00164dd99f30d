package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.HTTP;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.organizer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A 50 MB file through the service: upload throughput (streamed request body → S3 multipart),
 * download throughput (through the presigned link the service hands out), and the heap of the
 * JVM the service runs in while the upload streams. The test client shares that JVM, so its
 * (small, streaming) buffers count too. Run with {@code ./mvnw -B verify -pl materials-service -am -Pbench}.
 */
@QuarkusTest
@Tag("benchmark")
@TestProfile(LargeFileThroughputBenchmark.ProductionLimits.class)
@QuarkusTestResource(StackTestResource.class)
class LargeFileThroughputBenchmark {

    private static final int SIZE = 50 * 1024 * 1024;
    private static final int ROUNDS = 3;
    private static final double MB = 1024 * 1024;

    /** The default (production) limits instead of the small %test ones. */
    public static class ProductionLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("materials.max-direct-upload-size", "64M", "materials.max-size", "500M");
        }
    }

    @TestHTTPResource("/")
    URL service;

    @Test
    void fiftyMegabyteFileUpAndDownThroughTheService() throws Exception {
        String eventId = newEvent();
        upload(eventId, 8 * 1024 * 1024, 0); // warm-up: JIT, connections, first multipart
        System.out.printf("%nLargeFileThroughputBenchmark: %d MiB file, %d cores, max heap %.0f MiB%n",
                SIZE / 1024 / 1024, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / MB);
        for (int round = 1; round <= ROUNDS; round++) {
            System.gc();
            Thread.sleep(200);
            HeapSampler heap = HeapSampler.start();
            long start = System.nanoTime();
            String materialId = upload(eventId, SIZE, round);
            double uploadSeconds = (System.nanoTime() - start) / 1e9;
            HeapSampler.Result during = heap.stop();

            String url = asOrganizer().when().get(BASE + eventId + "/materials/" + materialId + "/download")
                    .then().statusCode(200).extract().path("url");
            start = System.nanoTime();
            String downloaded = downloadSha256(url);
            double downloadSeconds = (System.nanoTime() - start) / 1e9;
            assertEquals(GeneratedFile.sha256(SIZE, round), downloaded, "downloaded bytes equal uploaded bytes");

            System.out.printf("round %d: upload %.2f s = %.1f MiB/s | download (presigned) %.2f s = %.1f MiB/s | "
                    + "heap used before %.0f MiB, peak during upload %.0f MiB, peak live after GC %.0f MiB, "
                    + "%d GCs during upload%n",
                    round, uploadSeconds, SIZE / MB / uploadSeconds, downloadSeconds, SIZE / MB / downloadSeconds,
                    during.baseline() / MB, during.peak() / MB, during.peakLive() / MB, during.collections());
        }
    }

    private String upload(String eventId, int size, long seed) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service + BASE.substring(1) + eventId
                + "/materials?fileName=recording.mp4&title=Recording&visibility=attendees&sha256="
                + GeneratedFile.sha256(size, seed)))
                .header("Authorization", "Bearer " + organizer())
                .header("Content-Type", "video/mp4")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedFile(size, seed)), size))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return JsonPath.from(response.body()).getString("materialId");
    }

    private static String downloadSha256(String url) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reproducible pseudo-random bytes, generated as they are read: the client holds no file. */
    static final class GeneratedFile extends InputStream {

        private final SplittableRandom random;
        private long remaining;

        GeneratedFile(long size, long seed) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        static String sha256(long size, long seed) throws IOException {
            try (GeneratedFile file = new GeneratedFile(size, seed)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                for (int n = file.read(buffer, 0, buffer.length); n >= 0; n = file.read(buffer, 0, buffer.length)) {
                    digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) random.nextInt(256);
            }
            remaining -= n;
            return n;
        }
    }

    /** Samples used heap every few milliseconds on a daemon thread; reports the peak. */
    static final class HeapSampler {

        /** Heap used before, peak used (garbage included), peak live heap (used after a GC), GCs run. */
        record Result(long baseline, long peak, long peakLive, long collections) {
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();
        private final long baseline;
        private final long collectionsBefore;
        private final Thread thread;

        private HeapSampler() {
            baseline = used();
            collectionsBefore = collections();
            peak.set(baseline);
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(used(), Math::max);
                    peakLive.accumulateAndGet(usedAfterLastGc(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        static HeapSampler start() {
            return new HeapSampler();
        }

        Result stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return new Result(baseline, Math.max(peak.get(), used()), peakLive.get(),
                    collections() - collectionsBefore);
        }

        private static long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        private static long usedAfterLastGc() {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .map(MemoryPoolMXBean::getCollectionUsage)
                    .filter(Objects::nonNull)
                    .mapToLong(MemoryUsage::getUsed).sum();
        }

        private static long collections() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
        }
    }
}
