package io.eventplatform.checkin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The kiosk app at /kiosk/ in real headless Chromium driven by Playwright, against the real service,
 * its sockets and the real stack: a fake camera showing real tickets' QR codes, the browser's
 * offline switch, the service worker's cache, the IndexedDB queue and the staff dashboard.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class KioskAppTests {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(20_000);
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(CHROMIUM.canExecute(),
                "skipped: /usr/bin/chromium is not installed (apt-get install chromium)");
        // Playwright's bundled driver runs from the jar; the browser is the system's Chromium, never a download.
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = launch(List.of());
    }

    @AfterAll
    static void stopBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    private static Browser launch(List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"));
        args.addAll(extraArgs);
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM.toPath())
                .setHeadless(true).setArgs(args));
    }

    @Test
    void theCameraReadsARealTicketGreenThenAmberOnTheSecondScan() throws Exception {
        String eventId = Fixtures.event("Camera door");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        Path video = FakeCamera.video(Files.createTempFile("tickets", ".y4m"),
                List.of(FakeCamera.qrPng(Fixtures.ticket(ada))), 2);
        Browser withCamera = launch(List.of("--use-file-for-fake-video-capture=" + video));
        try (BrowserContext context = withCamera.newContext()) {
            Page kiosk = pairedKiosk(context, eventId, "north-1");
            // The same code stays in view: the first read checks Ada in, a later read finds her inside.
            assertThat(kiosk.locator("#log li").last()).hasText(Pattern.compile("Welcome: Ada Lovelace"), WAIT);
            assertThat(kiosk.locator("#log li.amber").first()).hasText(
                    Pattern.compile("Already checked in: Ada Lovelace – already checked in at \\d\\d:\\d\\d at north-1 by kiosk-"),
                    WAIT);
            assertThat(kiosk.locator("#checked-in")).hasText("1", WAIT);
            assertEquals(1L, Attributes.of(Fixtures.counters(eventId)).number("checked_in"));
        } finally {
            withCamera.close();
            Files.deleteIfExists(video);
        }
    }

    @Test
    void offlineTheKioskRefusesAForgeryQueuesRealTicketsKeepsThemOverAReloadAndSyncsThemAtTheirScanTimes()
            throws Exception {
        String eventId = Fixtures.event("Offline door");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        RegistrationItem grace = Fixtures.register(eventId, "Grace Hopper");
        RegistrationItem alan = Fixtures.register(eventId, "Alan Turing");
        try (BrowserContext context = browser.newContext()) {
            Page kiosk = pairedKiosk(context, eventId, "north-1");
            // Online first: a kiosk token may scan but not undo; a staff token unlocks undo of the last check-in.
            enter(kiosk, Fixtures.ticket(alan));
            assertThat(kiosk.locator("#log li").first()).hasText(Pattern.compile("Welcome: Alan Turing"), WAIT);
            assertThat(kiosk.locator("#undo")).isHidden();
            kiosk.locator("#answer").click(); // a tap dismisses the answer before its time
            kiosk.locator("#staff summary").click();
            kiosk.fill("#staff-token", Fixtures.staffToken());
            kiosk.press("#staff-token", "Enter");
            kiosk.locator("#undo").click();
            assertThat(kiosk.locator("#log li").first()).hasText(Pattern.compile("Undone: Alan Turing"), WAIT);
            assertThat(kiosk.locator("#checked-in")).hasText("0", WAIT);

            context.setOffline(true);
            assertThat(kiosk.locator("#connection")).hasText("offline", WAIT);

            enter(kiosk, forged(grace));
            assertThat(kiosk.locator("#answer")).hasClass(Pattern.compile("red"));
            assertThat(kiosk.locator("#log li").first()).hasText(Pattern.compile("Invalid ticket \\(offline\\)"), WAIT);
            enter(kiosk, Fixtures.ticket(ada));
            assertThat(kiosk.locator("#log li").first()).hasText(Pattern.compile("Accepted offline: " + ada.registrationId()), WAIT);
            assertThat(kiosk.locator("#answer")).hasClass(Pattern.compile("green"));
            enter(kiosk, Fixtures.ticket(grace));
            assertThat(kiosk.locator("#queued")).hasText("2", WAIT);

            // A reload with no network: the shell comes from the service worker, the queue from IndexedDB.
            kiosk.reload();
            assertThat(kiosk.locator("#queued")).hasText("2", WAIT);
            assertThat(kiosk.locator("#connection")).hasText("offline", WAIT);
            List<String> scannedAt = queuedScanTimes(kiosk);
            assertEquals(2, scannedAt.size());

            Thread.sleep(1500); // the sync happens visibly later than the scans
            Instant backOnline = Instant.now();
            context.setOffline(false);
            assertThat(kiosk.locator("#queued")).hasText("0", WAIT);
            assertThat(kiosk.locator("#log")).containsText("Synced: Welcome – Ada Lovelace", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
            assertThat(kiosk.locator("#log")).containsText("Synced: Welcome – Grace Hopper");
            assertThat(kiosk.locator("#checked-in")).hasText("2", WAIT);

            // Stored and shown at the scan times, not the sync time.
            Instant adaIn = Attributes.of(Fixtures.item(ada.registrationId(), eventId)).instant(RegistrationItem.CHECKED_IN_AT);
            assertEquals(Instant.parse(scannedAt.get(0)), adaIn);
            assertTrue(adaIn.isBefore(backOnline));
            Page dashboard = context.newPage();
            dashboard.navigate(base() + "/dashboard/#event=" + eventId + "&token=" + Fixtures.staffToken());
            assertThat(dashboard.locator("#checked-in")).hasText("2", WAIT);
            assertThat(dashboard.locator("#feed li[data-registration='" + ada.registrationId() + "']"))
                    .hasAttribute("data-at", scannedAt.get(0));
            assertThat(dashboard.locator("#feed li[data-registration='" + grace.registrationId() + "']"))
                    .hasAttribute("data-at", scannedAt.get(1));
        }
    }

    @Test
    void twoKiosksOfflineAdmittingOneTicketMakeOneCheckInAndOneConflictOnTheDashboard() throws Exception {
        String eventId = Fixtures.event("Two offline doors");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String ticket = Fixtures.ticket(ada);
        try (BrowserContext northContext = browser.newContext(); BrowserContext southContext = browser.newContext()) {
            Page north = pairedKiosk(northContext, eventId, "north-1");
            Page south = pairedKiosk(southContext, eventId, "south-2");
            northContext.setOffline(true);
            southContext.setOffline(true);
            assertThat(north.locator("#connection")).hasText("offline", WAIT);
            assertThat(south.locator("#connection")).hasText("offline", WAIT);
            enter(north, ticket);
            assertThat(north.locator("#queued")).hasText("1", WAIT);
            Thread.sleep(20);
            enter(south, ticket);
            assertThat(south.locator("#queued")).hasText("1", WAIT);
            assertThat(north.locator("#log li").first()).hasText(Pattern.compile("Accepted offline"));
            assertThat(south.locator("#log li").first()).hasText(Pattern.compile("Accepted offline"));

            // South syncs first, then north, whose scan was earlier and so is the check-in.
            southContext.setOffline(false);
            assertThat(south.locator("#queued")).hasText("0", WAIT);
            northContext.setOffline(false);
            assertThat(north.locator("#queued")).hasText("0", WAIT);
            assertThat(north.locator("#log li").first()).hasText(
                    Pattern.compile("Synced: Welcome – Ada Lovelace .*also admitted at south-2"), WAIT);

            Page dashboard = northContext.newPage();
            dashboard.navigate(base() + "/dashboard/#event=" + eventId + "&token=" + Fixtures.staffToken());
            assertThat(dashboard.locator("#checked-in")).hasText("1", WAIT);
            assertThat(dashboard.locator("#conflict-count")).hasText("1", WAIT);
            Locator conflicts = dashboard.locator("#conflicts li");
            assertThat(conflicts).hasCount(1);
            assertThat(conflicts.first()).hasText(Pattern.compile("Ada Lovelace.*in at north-1.*again at south-2"));
        }
        var registration = Attributes.of(Fixtures.item(ada.registrationId(), eventId));
        assertEquals("north-1", registration.string(RegistrationItem.CHECKED_IN_GATE));
        assertEquals(1, registration.maps(RegistrationItem.CHECK_IN_CONFLICTS).size());
        var counters = Attributes.of(Fixtures.counters(eventId));
        assertEquals(1L, counters.number("checked_in"));
        assertEquals(1L, counters.number("conflicts"));
    }

    /** A kiosk page paired by its pairing link, online, with its service worker and ticket keys in place. */
    private static Page pairedKiosk(BrowserContext context, String eventId, String gate) {
        Page page = context.newPage();
        page.navigate(base() + "/kiosk/#token=" + Fixtures.kioskToken(eventId, gate));
        assertThat(page.locator("#connection")).hasText("online", WAIT);
        assertThat(page.locator("#gate")).hasText(gate);
        // Polled from here: waitForFunction evaluates a string in the page, which its CSP (no eval) refuses.
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> Boolean.TRUE.equals(page.evaluate(
                "() => navigator.serviceWorker.controller !== null && localStorage.getItem('kiosk.jwks') !== null")));
        return page;
    }

    private static void enter(Page kiosk, String code) {
        kiosk.fill("#manual-code", code);
        kiosk.press("#manual-code", "Enter");
    }

    @SuppressWarnings("unchecked")
    private static List<String> queuedScanTimes(Page kiosk) {
        return (List<String>) kiosk.evaluate("() => new Promise((resolve) => {"
                + " const open = indexedDB.open('kiosk');"
                + " open.onsuccess = () => { const all = open.result.transaction('queue').objectStore('queue').getAll();"
                + "   all.onsuccess = () => resolve(all.result.map((scan) => scan.scannedAt)); }; })");
    }

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    /** A well-formed ticket naming the stack's key id, signed by another key. */
    private static String forged(RegistrationItem registration) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Instant now = Instant.now();
        return TicketCodec.sign(new TicketToken(registration.registrationId(), registration.eventId(), 1, now,
                now.plusSeconds(3600)), generator.generateKeyPair().getPrivate(),
                TicketCodec.keyId(StackTestResource.stack().ticketKeys().keyPair().getPublic()));
    }
}
