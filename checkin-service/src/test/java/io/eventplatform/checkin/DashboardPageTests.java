package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** The staff dashboard page in real headless Chromium, against the real service and stack. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DashboardPageTests {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "skipped: /usr/bin/chromium or /usr/bin/chromedriver is not installed (apt-get install chromium chromium-driver)");
        // An explicit driver keeps Selenium Manager from trying to download one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void checkInMadeThroughTheApiAppearsOnTheDashboardPage() {
        String eventId = Fixtures.event("Browser conf");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String staff = Fixtures.staffToken();
        browser.get("http://localhost:" + RestAssured.port + "/dashboard/#event=" + eventId + "&token=" + staff);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> "live".equals(d.findElement(By.id("status")).getText()));
        wait.until(d -> "Browser conf".equals(d.findElement(By.id("event-name")).getText()));
        assertEquals("0", browser.findElement(By.id("checked-in")).getText());

        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("registrationId", ada.registrationId(), "gate", "north"))
                .post("/api/checkin/events/{e}/scans", eventId).then().statusCode(200);

        wait.until(d -> d.findElement(By.id("feed")).getText().contains("Ada Lovelace"));
        assertEquals("1", browser.findElement(By.id("checked-in")).getText());
        assertEquals("1", browser.findElement(By.id("inside")).getText());
        assertTrue(browser.findElement(By.id("gates")).getText().contains("north"));
        assertTrue(browser.findElements(By.cssSelector("#chart rect")).size() == 30);
        // The token left the address bar once read.
        assertTrue(!browser.getCurrentUrl().contains("token="));
    }
}
